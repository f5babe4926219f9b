// Per-request values shared by the routes: the request id and the parsed configuration.
import type { Context } from "hono";
import { type Config, loadConfig } from "../config";

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };

export function configOf(c: Context<AppEnv>): Config {
  return loadConfig(c.env);
}
