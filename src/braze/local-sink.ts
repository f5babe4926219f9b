// The local Braze sink (BRAZE_REST_ENDPOINT=local): records what would have been sent to Braze and answers
// like Braze does, so the Worker runs end to end with no account and no network. The HTTP layer refuses to
// serve at all with this setting on anything but a loopback host.
import { DurableObject } from "cloudflare:workers";
import type { BrazeTransport } from "./client";
import { SINK_PAGE_SIZE, type SinkRecord } from "./sink-record";

export class LocalBrazeSink extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS sent (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL)",
    );
  }

  async record(path: string, body: string): Promise<{ status: number; body: string }> {
    const id = this.ctx.storage.sql
      .exec<{ id: number }>("INSERT INTO sent (path, body, at) VALUES (?, ?, ?) RETURNING id", path, body, Date.now())
      .one().id;
    return { status: 201, body: JSON.stringify({ dispatch_id: `local-${id}`, message: "success" }) };
  }

  async list(afterId = 0, limit = SINK_PAGE_SIZE): Promise<SinkRecord[]> {
    return this.ctx.storage.sql
      .exec<{ id: number; path: string; body: string; at: number }>(
        "SELECT * FROM sent WHERE id > ? ORDER BY id LIMIT ?",
        afterId,
        limit,
      )
      .toArray()
      .map((row) => ({ ...row, body: JSON.parse(row.body) as unknown }));
  }
}

export function localSinkStub(env: Env): DurableObjectStub<LocalBrazeSink> {
  return env.LOCAL_BRAZE_SINK.get(env.LOCAL_BRAZE_SINK.idFromName("local"));
}

export function localSinkTransport(env: Env): BrazeTransport {
  return async (path, body) => {
    const answer = await localSinkStub(env).record(path, body);
    return new Response(answer.body, { status: answer.status, headers: { "Content-Type": "application/json" } });
  };
}
