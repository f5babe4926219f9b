// Parses the environment once per isolate into the Config the code reads. Config's type is inferred from
// configFrom below, whose parts are inferred from the zod schema: there is no hand-written mirror to drift.
// A missing or malformed value becomes one ConfigError naming it, never a silent default that swallows replies.
import { checkSecrets, logSecretProblems, secretInputsFrom, type UsableSecrets } from "../security/secret-strength";
import { aiSettings } from "./ai";
import { brainSettings } from "./brain";
import { brazeSettings, profileSettings } from "./braze";
import { agentAuthSettings, handoffSettings } from "./handoff";
import { limitSettings } from "./limits";
import { EnvSchema, type ParsedEnv } from "./schema";
import { tokenSettings } from "./tokens";

/** Raised when configuration is missing or malformed; each problem names its variable, never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** The configuration, grouped by concern; `secrets` holds the tokens secret-strength.ts accepted. */
function configFrom(env: ParsedEnv, secrets: UsableSecrets) {
  return {
    braze: brazeSettings(env),
    ...tokenSettings(env, secrets),
    ai: aiSettings(env),
    profile: profileSettings(env),
    /** Whole messages another Braze Canvas answers: stored, never answered here. */
    silentKeywords: env.SILENT_KEYWORDS,
    brain: brainSettings(env, env.HANDOFF_KEYWORDS),
    ...limitSettings(env),
    handoff: handoffSettings(env),
    agentAuth: agentAuthSettings(env, secrets),
  };
}

export type Config = ReturnType<typeof configFrom>;

const cache = new WeakMap<object, Config>();

/** Parses the environment once per isolate and binding set. Throws ConfigError. */
export function loadConfig(env: object): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`));
  }
  // Weak or reused tokens: optional ones are left out of what signs in, each problem logged (names only).
  const secrets = checkSecrets(secretInputsFrom(env as Record<string, unknown>));
  logSecretProblems(secrets.problems);
  const config = configFrom(parsed.data, secrets);
  cache.set(env, config);
  return config;
}
