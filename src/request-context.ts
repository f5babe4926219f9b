// Per-request values shared by the routes and the inbox (neutral ground): the request id and the parsed configuration.
import type { Context } from "hono";
import { type Config, loadConfig } from "./config";
import type { AuthenticatedAgent } from "./inbox/api-shapes";

/** `agent` is set by requireAgent (src/inbox/agent-auth.ts) on the agent inbox's routes only. */
export type AppEnv = { Bindings: Env; Variables: { requestId: string; agent?: AuthenticatedAgent } };

export function configOf(c: Context<AppEnv>): Config {
  return loadConfig(c.env);
}
