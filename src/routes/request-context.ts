// Per-request values shared by the routes: the request id and the parsed configuration.
import type { Context } from "hono";
import { type Config, loadConfig } from "../config";
import type { AuthenticatedAgent } from "../handoff/agent-auth";

/** `agent` is set by requireAgent (src/handoff/agent-auth.ts) on the agent inbox's routes only. */
export type AppEnv = { Bindings: Env; Variables: { requestId: string; agent?: AuthenticatedAgent } };

export function configOf(c: Context<AppEnv>): Config {
  return loadConfig(c.env);
}
