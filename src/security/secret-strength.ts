// Which configured tokens are strong enough, and distinct enough, to accept. Why: `WEBHOOK_TOKEN_PREVIOUS=x`
// made `Bearer x` a valid Braze token, and nothing stopped the admin or an agent token from being the webhook
// token (which every Braze user who can edit the webhook campaign can read). The rules never take a working
// deployment down: a weak or reused optional token (WEBHOOK_TOKEN_PREVIOUS, ADMIN_TOKEN, an AGENT_TOKENS
// entry) is ignored with a warning; a weak WEBHOOK_TOKEN is still used (refusing it would drop every
// customer's message) and logged as an error. secretProblems(env) is pure so that pre-deploy tooling (the
// deploy check, `doctor`) can refuse what the runtime only warns about. Values never leave this file.
import { log } from "../log";

/** Every token: at least 16 characters (about 95 bits when random), as AGENT_TOKENS already required. */
export const MIN_SECRET_LENGTH = 16;

export interface SecretProblem {
  /** The variable, e.g. "ADMIN_TOKEN", or "AGENT_TOKENS (alice)" for one agent's entry. */
  name: string;
  /** What is wrong, never the value: "is shorter than 16 characters". */
  problem: string;
  /** Required secrets are still used at runtime; optional ones with a problem are ignored. */
  required: boolean;
}

/**
 * Values published in this repository (.dev.vars.example, the README's curl, the commented AGENT_TOKENS
 * example). Anyone can read them, so they are refused except with the local Braze sink
 * (BRAZE_REST_ENDPOINT=local), whose webhook, playground and demo agent answer only on a loopback host.
 */
export const PUBLIC_EXAMPLE_TOKENS: readonly string[] = [
  "local-dev-webhook-token",
  "local-dev-admin-token",
  "a-long-random-token-1",
  "a-long-random-token-2",
];

export interface SecretInputs {
  webhookToken: string | undefined;
  previousWebhookToken: string | undefined;
  adminToken: string | undefined;
  agentTokens: readonly { id: string; token: string }[];
  /** BRAZE_REST_ENDPOINT=local: the public example values are allowed. */
  localSink: boolean;
}

export interface UsableSecrets {
  problems: SecretProblem[];
  /** WEBHOOK_TOKEN (always, if set) and WEBHOOK_TOKEN_PREVIOUS (if sound). */
  webhookTokens: string[];
  adminToken: string | undefined;
  agentTokens: { id: string; token: string }[];
}

interface Candidate {
  name: string;
  value: string;
  required: boolean;
  /** Webhook tokens win a collision (dropping one loses messages), then agents, then the admin token. */
  rank: number;
  problems: string[];
}

/** The problems of the tokens in a raw environment (wrangler vars and secrets), for tooling. Pure. */
export function secretProblems(env: Readonly<Record<string, unknown>>): SecretProblem[] {
  return checkSecrets(secretInputsFrom(env)).problems;
}

/** The raw environment's tokens, read as the configuration reads them (blank = unset). */
export function secretInputsFrom(env: Readonly<Record<string, unknown>>): SecretInputs {
  const text = (name: string) => (typeof env[name] === "string" ? (env[name] as string) : undefined);
  const optional = (name: string) => (text(name)?.trim() ? text(name) : undefined);
  return {
    webhookToken: text("WEBHOOK_TOKEN"),
    previousWebhookToken: optional("WEBHOOK_TOKEN_PREVIOUS"),
    adminToken: optional("ADMIN_TOKEN"),
    agentTokens: splitAgentTokens(text("AGENT_TOKENS")).filter((entry) => entry.id !== ""),
    localSink: text("BRAZE_REST_ENDPOINT")?.trim() === "local",
  };
}

/** AGENT_TOKENS "alice:token, bob:token" as entries; an entry without "id:" gets the id "" (a config error). */
export function splitAgentTokens(value: string | undefined): { id: string; token: string }[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const colon = entry.indexOf(":");
      return colon < 1
        ? { id: "", token: "" }
        : { id: entry.slice(0, colon).trim(), token: entry.slice(colon + 1).trim() };
    });
}

/** Every rule applied: the problems, and the tokens the Worker may accept. */
export function checkSecrets(inputs: SecretInputs): UsableSecrets {
  const candidates = candidatesOf(inputs);
  for (const candidate of candidates) candidate.problems.push(...strengthProblems(candidate.value, inputs.localSink));
  markReuse(candidates);
  const problems: SecretProblem[] = candidates.flatMap((c) =>
    c.problems.map((problem) => ({ name: c.name, problem, required: c.required })),
  );
  if (inputs.webhookToken === undefined || inputs.webhookToken === "") {
    problems.unshift({ name: "WEBHOOK_TOKEN", problem: "is not set", required: true });
  }
  const sound = (name: string) => candidates.find((c) => c.name === name && c.problems.length === 0)?.value;
  return {
    problems,
    webhookTokens: [inputs.webhookToken || undefined, sound("WEBHOOK_TOKEN_PREVIOUS")].filter(isString),
    adminToken: sound("ADMIN_TOKEN"),
    agentTokens: inputs.agentTokens.filter((agent) => sound(agentName(agent.id)) !== undefined),
  };
}

function candidatesOf(inputs: SecretInputs): Candidate[] {
  // Unset (undefined) is no candidate; an agent listed with an empty token is one, and too short.
  const candidate = (name: string, value: string | undefined, rank: number): Candidate[] =>
    value === undefined || (value === "" && rank !== 1)
      ? []
      : [{ name, value, required: name === "WEBHOOK_TOKEN", rank, problems: [] }];
  return [
    ...candidate("WEBHOOK_TOKEN", inputs.webhookToken, 0),
    ...candidate("WEBHOOK_TOKEN_PREVIOUS", inputs.previousWebhookToken, 0),
    ...inputs.agentTokens.flatMap((agent) => candidate(agentName(agent.id), agent.token, 1)),
    ...candidate("ADMIN_TOKEN", inputs.adminToken, 2),
  ];
}

function strengthProblems(value: string, localSink: boolean): string[] {
  const problems: string[] = [];
  if (value.length < MIN_SECRET_LENGTH) problems.push(`is shorter than ${MIN_SECRET_LENGTH} characters`);
  if (/\s/.test(value)) problems.push("contains whitespace, which a Bearer header cannot carry");
  if (!localSink && PUBLIC_EXAMPLE_TOKENS.includes(value)) {
    problems.push("is a public example value from this repository (allowed only with BRAZE_REST_ENDPOINT=local)");
  }
  return problems;
}

/**
 * The same value in two places: the lower-ranked one is ignored (the admin token that equals the webhook token
 * is known to every Braze user who can open the webhook). Two agents with one token cannot be told apart:
 * both are ignored. The two webhook tokens being equal is harmless; the previous one is then redundant.
 */
function markReuse(candidates: Candidate[]): void {
  for (const [i, later] of candidates.entries()) {
    for (const earlier of candidates.slice(0, i)) {
      if (earlier.value !== later.value) continue;
      later.problems.push(`is the same as ${earlier.name}`);
      if (earlier.rank === later.rank && later.rank === 1) earlier.problems.push(`is the same as ${later.name}`);
    }
  }
}

const agentName = (id: string) => `AGENT_TOKENS (${id})`;
const isString = (value: string | undefined): value is string => value !== undefined;

/**
 * One log line per problem, names only: an error for a required secret (still used), a warning otherwise.
 * loadConfig calls it once per isolate (its cache is keyed by the env object, which the isolate's Worker and
 * Durable Objects share), so each cold start says it again.
 */
export function logSecretProblems(problems: readonly SecretProblem[]): void {
  for (const { name, problem, required } of problems) {
    if (required) {
      log("error", "config.secret_weak", {
        name,
        problem,
        action: "still used so that Braze's webhooks keep working; replace it",
      });
    } else {
      log("warn", "config.secret_ignored", { name, problem, action: "ignored: nothing signs in with it" });
    }
  }
}
