// Configuration: every variable and secret the Worker reads, parsed once with zod (load-config.ts), one file
// per concern. Import it as "../config"; nothing here imports the code it configures, so everyone may import it.
export { DEFAULT_WORKERS_AI_MODEL } from "./ai";
export { DEFAULT_MIN_CONFIDENCE, DEFAULT_PERSONA, DEFAULT_PRIORITY_MIN_CONFIDENCE, type Persona } from "./brain";
export { CHAT_EVENTS, CHAT_FACT_ATTRIBUTES, type ChatEvent, type ChatFactAttribute } from "./braze";
export { isLoopbackHost } from "./fields";
export { DEFAULT_MODEL_CONTEXT_TOKENS } from "./limits";
export { type Config, ConfigError, loadConfig } from "./load-config";

import type { Config } from "./load-config";

/** Which model answers (AI_PROVIDER and its settings). */
export type AiConfig = Config["ai"];
/** How the brain answers and when it hands off (src/pipeline/stages/brain.ts). */
export type BrainConfig = Config["brain"];
/** Live-agent handoff settings (docs/handoff.md). */
export type HandoffConfig = Config["handoff"];
/** How agents sign in to the inbox: Cloudflare Access, per-agent tokens, or (local sink only) a demo agent. */
export type AgentAuthConfig = Config["agentAuth"];
