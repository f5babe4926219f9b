// GET /local/braze/sends: what the local Braze sink recorded (only with BRAZE_REST_ENDPOINT=local, on a local host).
import { Hono } from "hono";
import { localSinkStub } from "../braze/local-sink";
import type { SinkListing } from "../braze/sink-record";
import { isLoopbackHost } from "../config";
import { AppError } from "../errors";
import { type AppEnv, configOf } from "../request-context";

export const localSinkRoutes = new Hono<AppEnv>();

localSinkRoutes.get("/local/braze/sends", async (c) => {
  if (configOf(c).braze.kind !== "local" || !isLoopbackHost(new URL(c.req.url).hostname)) {
    throw new AppError(404, "not_found", "no such route");
  }
  const after = Number(c.req.query("after") ?? 0);
  return c.json({ sends: await localSinkStub(c.env).list(Number.isFinite(after) ? after : 0) } satisfies SinkListing);
});
