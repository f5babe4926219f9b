// GET /health: is the Worker up and its configuration valid? Names invalid variables, never their values.
import { Hono } from "hono";
import { ConfigError, loadConfig } from "../config";
import type { AppEnv } from "../request-context";

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get("/health", (c) => {
  try {
    const config = loadConfig(c.env);
    return c.json({ status: "ok", braze: config.braze.kind, ai_provider: config.ai.provider });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return c.json({ status: "misconfigured", problems: error.problems }, 503);
  }
});
