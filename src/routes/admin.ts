// Operator API, behind ADMIN_TOKEN: list conversations holding dead letters and replay them once the cause
// (an invalid campaign id, a revoked key) is fixed; read the intake notes (a webhook template without
// message_id) that the public /health must not show. Disabled (403) when ADMIN_TOKEN is not set.
import { Hono } from "hono";
import { conversationStub } from "../conversation/naming";
import { AppError } from "../errors";
import { customerLogId } from "../log";
import { deadLetterIndex } from "../ops/dead-letter-index";
import { intakeReport } from "../ops/intake-notes";
import { type AppEnv, configOf } from "../request-context";
import { bearerToken, matchesAnyToken } from "../security/bearer";

export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use("/admin/*", async (c, next) => {
  const { adminToken } = configOf(c);
  if (!adminToken) {
    // Unset, or ignored as weak or reused (src/security/secret-strength.ts; the config.secret_ignored log says why).
    throw new AppError(
      403,
      "admin_disabled",
      "set the ADMIN_TOKEN secret (16+ characters, unlike every other token) to use the admin API",
    );
  }
  if (!(await matchesAnyToken(bearerToken(c.req.header("Authorization")), [adminToken]))) {
    throw new AppError(401, "unauthorized", "missing or wrong bearer token");
  }
  await next();
});

adminRoutes.get("/admin/dead-letters", async (c) => {
  const config = configOf(c);
  const entries = await deadLetterIndex(c.env).list();
  const conversations = await Promise.all(
    entries.map(async ({ conversation, since }) => ({
      customer: await customerLogId(config.logHmacKey, conversation),
      since: new Date(since).toISOString(),
      outbox: (await conversationStub(c.env, conversation).status()).outbox,
    })),
  );
  return c.json({ conversations });
});

adminRoutes.post("/admin/dead-letters/replay", async (c) => {
  const index = deadLetterIndex(c.env);
  let replayed = 0;
  for (const { conversation } of await index.list()) {
    replayed += await conversationStub(c.env, conversation).replayDeadLetters();
    await index.remove(conversation);
  }
  return c.json({ replayed });
});

adminRoutes.get("/admin/intake", async (c) => {
  return c.json(intakeReport(await deadLetterIndex(c.env).intakeNotes(), Date.now()));
});
