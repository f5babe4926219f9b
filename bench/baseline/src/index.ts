// The bench baseline Worker: POST /webhooks/whatsapp -> parse JSON -> the user's Durable Object -> one SQLite
// INSERT -> 202. Nothing else (no auth, no validation, no logs), so it is the floor the real Worker is held to.
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";

/** This Worker's bindings (bench/baseline/wrangler.toml); separate from the main Worker's generated Env. */
interface BaselineEnv {
  MESSAGES: DurableObjectNamespace<MessageStore>;
}

export class MessageStore extends DurableObject<BaselineEnv> {
  constructor(ctx: DurableObjectState, env: BaselineEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, received_at INTEGER NOT NULL)",
    );
  }

  store(message: unknown): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO messages (body, received_at) VALUES (?, ?)",
      JSON.stringify(message),
      Date.now(),
    );
  }
}

const app = new Hono<{ Bindings: BaselineEnv }>();

app.post("/webhooks/whatsapp", async (c) => {
  const message = await c.req.json<{ user_id?: unknown }>();
  await c.env.MESSAGES.get(c.env.MESSAGES.idFromName(String(message.user_id))).store(message);
  return c.json({ status: "accepted" }, 202);
});

export default app;
