// The Hono app: request ids, the routes, and the one place errors become the JSON error envelope.
import { Hono } from "hono";
import { ConfigError } from "./config";
import { AppError } from "./errors";
import { inboxApp } from "./inbox/inbox-app";
import { describeError, log } from "./log";
import type { AppEnv } from "./request-context";
import { adminRoutes } from "./routes/admin";
import { allowedMethodsOf } from "./routes/allowed-methods";
import { healthRoutes } from "./routes/health";
import { localSinkRoutes } from "./routes/local-sink";
import { playgroundRoutes } from "./routes/playground";
import { webhookRoutes } from "./routes/webhook";
import { throttleFailedSignIns } from "./security/sign-in-throttle";

export const app = new Hono<AppEnv>();

/** Any other method on a route's path gets 405 rather than 404 (derived from the routes registered below). */
const allowedMethods = allowedMethodsOf(() => app.routes);

app.use(async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
  const allowed = allowedMethods(c.req.path);
  if (allowed && !allowed.includes(c.req.method)) {
    c.header("Allow", allowed.join(", "));
    throw new AppError(405, "method_not_allowed", `use ${allowed.join(" or ")} on ${c.req.path}`);
  }
  const started = Date.now();
  await next();
  // An accepted webhook already has its one line (webhook.stored / webhook.duplicate, with this requestId).
  if (c.req.path.startsWith("/webhooks/whatsapp") && c.res.status < 300) return;
  log("info", "http.request", {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    latencyMs: Date.now() - started,
  });
});

// Failed sign-ins on the inbox (page, API, socket) and the admin API are throttled; registered before the gates
// it watches (the inbox's, in src/inbox/inbox-app.ts; src/security/sign-in-throttle.ts).
app.use("/agent/*", throttleFailedSignIns("agent"));
app.use("/admin/*", throttleFailedSignIns("admin"));

app.route("/", webhookRoutes);
app.route("/", healthRoutes);
app.route("/", adminRoutes);
app.route("/", localSinkRoutes);
app.route("/", playgroundRoutes);
// The agent inbox (page, API, WebSocket) is one sub-app that gates all of /agent/* itself (src/inbox/).
app.route("/", inboxApp);

app.notFound(() => {
  throw new AppError(404, "not_found", "no such route");
});

app.onError((error, c) => {
  const requestId = c.get("requestId");
  if (error instanceof AppError) {
    if (error.status >= 500)
      log("error", "http.error", { requestId, code: error.code, error: describeError(error.cause ?? error) });
    return c.json(error.toEnvelope(), error.status);
  }
  if (error instanceof ConfigError) {
    // 500 so Braze keeps retrying while the operator fixes the deploy; names variables, never values.
    log("error", "config.invalid", { requestId, problems: error.problems.join("; ") });
    return c.json({ error: { code: "misconfigured", message: error.message } }, 500);
  }
  log("error", "http.unhandled", { requestId, error: describeError(error) });
  return c.json({ error: { code: "internal_error", message: "internal error; retry later" } }, 500);
});
