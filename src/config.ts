// Configuration: every variable and secret the Worker reads, parsed once with zod.
// A missing or malformed value becomes one ConfigError naming it, never a silent default that swallows replies.
import { z } from "zod";
import { DEFAULT_PERSONA, type Persona } from "./ai/persona";
import { shareOf, wholeNumberIn } from "./config-numbers";
import {
  checkSecrets,
  logSecretProblems,
  MIN_SECRET_LENGTH,
  secretInputsFrom,
  splitAgentTokens,
} from "./security/secret-strength";

const LOCAL_SINK = "local";
const WEBHOOK_TOKEN_REQUIRED = "is required (wrangler secret put WEBHOOK_TOKEN)";

/** The chat facts the Worker can write to the Braze profile (src/conversation/chat-facts.ts). */
export const CHAT_FACT_ATTRIBUTES = [
  "ai_last_topic",
  "ai_language",
  "ai_last_contact_at",
  "ai_turns",
  "ai_resolved",
] as const;
export type ChatFactAttribute = (typeof CHAT_FACT_ATTRIBUTES)[number];
/** The custom events the Worker (and the flow engine) can log. */
export const CHAT_EVENTS = ["ai_chat_turn", "ai_flow_completed"] as const;
export type ChatEvent = (typeof CHAT_EVENTS)[number];

/** Hosts on which the local Braze sink and plain-http Braze endpoints are allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An https:// URL, or http:// on a loopback host (local fakes and tests). */
function isServiceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

const brazeEndpoint = z
  .string()
  .trim()
  .min(1)
  .refine((value) => value === LOCAL_SINK || isServiceUrl(value), {
    message: 'must be "local" or an https:// URL such as https://rest.iad-01.braze.com (http:// only on localhost)',
  })
  .transform((value) => (value === LOCAL_SINK ? LOCAL_SINK : value.replace(/\/+$/, "")));

const intFromString = wholeNumberIn;

/** A service base URL (see isServiceUrl); trailing slashes are dropped. */
const serviceUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine(isServiceUrl, { message: `must be an https:// URL such as ${example} (http:// only on localhost)` })
    .transform((value) => value.replace(/\/+$/, ""));

/** A comma-separated subset of `known`; unset = `defaults`, empty = none. An unknown name is an error. */
const nameList = <T extends string>(known: readonly T[], defaults: readonly T[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return [...defaults];
      const names = value
        .split(/[,\s]+/)
        .map((name) => name.trim())
        .filter((name) => name !== "");
      const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `has unknown names ${unknown.join(", ")}; known: ${known.join(", ")}`,
        });
      }
      return [...new Set(names)] as T[];
    });

/** A comma- or newline-separated list (SILENT_KEYWORDS, HANDOFF_KEYWORDS...); blanks dropped. */
const list = (separators: RegExp = /[,\n]/) =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(separators)
        .map((k) => k.trim())
        .filter((k) => k !== ""),
    );

const share = shareOf;

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/**
 * AGENT_TOKENS: "alice:token,bob:token"; ids name the agent in the inbox. A malformed entry or a repeated id is
 * an error here; a weak or reused token is not (src/security/secret-strength.ts ignores it with a warning).
 */
const agentTokens = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const tokens = splitAgentTokens(value);
    for (const [index, { id }] of tokens.entries()) {
      if (!/^[A-Za-z0-9._@-]{1,64}$/.test(id)) {
        // Never echo the entry: it holds a secret.
        ctx.addIssue({
          code: "custom",
          message: `entry ${index + 1} must be "<agent id>:<token>" (id: letters, digits, . _ @ -; token: ${MIN_SECRET_LENGTH}+ characters, no spaces)`,
        });
        return z.NEVER;
      }
      if (tokens.findIndex((t) => t.id === id) !== index) {
        ctx.addIssue({ code: "custom", message: `agent id "${id}" is listed twice` });
        return z.NEVER;
      }
    }
    return tokens as AgentToken[];
  });

/** Retrieval confidence below which the brain hands off; chosen from `npm run eval` (docs/evaluation.md). */
export const DEFAULT_MIN_CONFIDENCE = 0.35;
/** The same for customers in HANDOFF_PRIORITY_TIERS: they reach a person sooner. */
export const DEFAULT_PRIORITY_MIN_CONFIDENCE = 0.6;

const ConfigSchema = z
  .object({
    BRAZE_REST_ENDPOINT: brazeEndpoint,
    BRAZE_API_KEY: optionalSecret,
    BRAZE_REPLY_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    BRAZE_BUTTONS_1_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    BRAZE_BUTTONS_2_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    BRAZE_BUTTONS_3_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    PROFILE_ATTRIBUTES: nameList(CHAT_FACT_ATTRIBUTES, CHAT_FACT_ATTRIBUTES),
    PROFILE_EVENTS: nameList(CHAT_EVENTS, CHAT_EVENTS),
    // Required, but a weak one is still used (secret-strength.ts): refusing it would drop every webhook.
    WEBHOOK_TOKEN: z.string({ error: WEBHOOK_TOKEN_REQUIRED }).min(1, { error: WEBHOOK_TOKEN_REQUIRED }),
    WEBHOOK_TOKEN_PREVIOUS: optionalSecret,
    ADMIN_TOKEN: optionalSecret,
    LOG_HMAC_KEY: optionalSecret,
    BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: z.string().trim().min(1).optional(),
    AI_PROVIDER: z.enum(["offline", "workers-ai", "openai"], {
      message: 'must be "offline", "workers-ai" or "openai"',
    }),
    AI_MODEL: z.string().trim().min(1).optional(),
    OPENAI_BASE_URL: serviceUrl("https://api.openai.com/v1").optional(),
    OPENAI_API_KEY: optionalSecret,
    MODEL_CONTEXT_TOKENS: intFromString(500, 100_000).default(3000),
    SEND_SPACING_MS: intFromString(0, 60_000).default(2000),
    SUBSCRIPTION_SETTLE_MS: intFromString(0, 300_000).default(60_000),
    MAX_TURNS_PER_MINUTE: intFromString(1, 600).default(10),
    SILENT_KEYWORDS: list(),
    BRAIN_MIN_CONFIDENCE: share(DEFAULT_MIN_CONFIDENCE),
    BRAIN_PRIORITY_MIN_CONFIDENCE: share(DEFAULT_PRIORITY_MIN_CONFIDENCE),
    HANDOFF_PRIORITY_TIERS: list(),
    HANDOFF_KEYWORDS: list(),
    BRAIN_HISTORY_TURNS: intFromString(0, 40).default(10),
    MODEL_TOKENS_PER_DAY: intFromString(0, 100_000_000).default(200_000),
    BOT_BRAND_NAME: z.string().trim().min(1).max(100).optional(),
    BOT_TONE: z.string().trim().min(1).max(300).optional(),
    BOT_NEVER: list(/[;\n]/),
    AI_GATEWAY_ID: z
      .string()
      .trim()
      .regex(/^[\w-]{1,64}$/, "must be an AI Gateway id (letters, digits, - and _)")
      .optional(),
    AI_GATEWAY_TOKEN: optionalSecret,
    CLOUDFLARE_ACCOUNT_ID: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{32}$/, "must be a 32-character account id")
      .optional(),
    CLOUDFLARE_API_TOKEN: optionalSecret,
    REPLY_DEBOUNCE_MS: intFromString(0, 60_000).default(1500),
    RETRY_BASE_MS: intFromString(50, 600_000).default(1000),
    RETRY_MAX_MS: intFromString(1000, 3_600_000).default(300_000),
    // Both chosen from `npm run bench:braze-timeout` (docs/delivery.md, "Slow Braze and duplicate sends").
    BRAZE_TIMEOUT_MS: intFromString(1000, 60_000).default(60_000),
    BRAZE_AMBIGUOUS_RETRY_MS: intFromString(0, 3_600_000).default(60_000),
    MODEL_TIMEOUT_MS: intFromString(1000, 120_000).default(30_000),
    // Live-agent handoff (docs/handoff.md).
    BRAZE_AGENT_REPLY_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    BRAZE_TEMPLATE_CAMPAIGN_ID: z.string().trim().min(1).optional(),
    AGENT_TOKENS: agentTokens,
    ACCESS_TEAM_DOMAIN: z
      .string()
      .trim()
      .optional()
      .transform((value) =>
        value
          ? value
              .replace(/^https:\/\//i, "")
              .replace(/\/+$/, "")
              .toLowerCase()
          : undefined,
      )
      .refine((value) => value === undefined || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value), {
        message: "must be your Cloudflare Access team domain, e.g. myteam.cloudflareaccess.com",
      }),
    ACCESS_AUD: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined),
    HANDOFF_AFTER_UNHELPFUL_TURNS: intFromString(0, 20).default(2),
    HANDOFF_UNCLAIMED_NOTICE_MS: intFromString(0, 86_400_000).default(600_000),
  })
  .superRefine((config, ctx) => {
    if (Boolean(config.ACCESS_TEAM_DOMAIN) !== Boolean(config.ACCESS_AUD)) {
      ctx.addIssue({
        code: "custom",
        path: [config.ACCESS_TEAM_DOMAIN ? "ACCESS_AUD" : "ACCESS_TEAM_DOMAIN"],
        message:
          "is required with the other: Cloudflare Access needs both the team domain and the application audience",
      });
    }
    if (config.AI_GATEWAY_ID && config.AI_PROVIDER === "openai" && !config.CLOUDFLARE_ACCOUNT_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["CLOUDFLARE_ACCOUNT_ID"],
        message: "is required with AI_GATEWAY_ID and AI_PROVIDER=openai (the gateway URL contains it)",
      });
    }
    if (config.AI_PROVIDER === "openai") {
      if (!config.OPENAI_BASE_URL && !config.AI_GATEWAY_ID) {
        ctx.addIssue({
          code: "custom",
          path: ["OPENAI_BASE_URL"],
          message:
            "is required with AI_PROVIDER=openai (the chat-completions API base, e.g. https://api.openai.com/v1)",
        });
      }
      if (!config.AI_MODEL) {
        ctx.addIssue({ code: "custom", path: ["AI_MODEL"], message: "is required with AI_PROVIDER=openai" });
      }
    }
    if (config.BRAZE_REST_ENDPOINT === LOCAL_SINK) return;
    if (!config.BRAZE_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["BRAZE_API_KEY"],
        message: "is required (wrangler secret put BRAZE_API_KEY)",
      });
    }
    if (!config.BRAZE_REPLY_CAMPAIGN_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["BRAZE_REPLY_CAMPAIGN_ID"],
        message: "is required: the API-triggered WhatsApp campaign's id",
      });
    }
    if (!config.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID"],
        message: "is required: STOP unsubscribes the customer from this WhatsApp subscription group",
      });
    }
  });

type ParsedConfig = z.infer<typeof ConfigSchema>;

/** Which model answers. Workers AI's default model is a fast, instruction-tuned one that supports JSON mode. */
export const DEFAULT_WORKERS_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

/** Cloudflare AI Gateway in front of the model (AI_GATEWAY_ID); absent = direct. */
export interface GatewayConfig {
  id: string;
  accountId: string | undefined;
  /** For an authenticated gateway: sent as cf-aig-authorization. */
  token: string | undefined;
}

export type AiConfig =
  | { provider: "offline" }
  | {
      provider: "workers-ai";
      model: string;
      gateway: GatewayConfig | undefined;
      /** REST instead of the AI binding (evaluation from a laptop): both set, or neither. */
      rest: { accountId: string; apiToken: string } | undefined;
    }
  | {
      provider: "openai";
      baseUrl: string;
      apiKey: string | undefined;
      model: string;
      gateway: GatewayConfig | undefined;
    };

/** How the brain answers and when it hands off (src/pipeline/stages/brain.ts). */
export interface BrainConfig {
  minConfidence: number;
  priorityMinConfidence: number;
  /** Profile `loyalty_tier` values (case-insensitive) whose customers get priorityMinConfidence. */
  priorityTiers: string[];
  /** Operator phrases that, like the built-in ones, mean "let me talk to a person". */
  handoffKeywords: string[];
  /** Newest turns kept verbatim in the prompt; older ones are folded into the rolling summary. */
  historyTurns: number;
  /** Estimated model tokens per customer per UTC day; 0 = no limit. */
  tokensPerDay: number;
  persona: Persona;
}

interface BrazeCampaigns {
  replyCampaignId: string;
  /**
   * API-triggered WhatsApp campaigns with a quick-reply layout, by their fixed button count (1, 2, 3). A reply
   * whose button count has no campaign goes as numbered text through the reply campaign.
   */
  buttonCampaignIds: Readonly<Partial<Record<1 | 2 | 3, string>>>;
  /** Agent replies go through this campaign (Braze reports then tell them apart), else the reply campaign. */
  agentReplyCampaignId: string;
  /** An API-triggered campaign with a Meta-approved re-engagement template (no free text), if any. */
  templateCampaignId: string | undefined;
  /** The WhatsApp subscription group STOP leaves and START rejoins. */
  subscriptionGroupId: string;
}

export interface AgentToken {
  id: string;
  token: string;
}

/** Live-agent handoff settings (docs/handoff.md). */
export interface HandoffConfig {
  /** Extra whole-message keywords that ask for a person, on top of src/i18n/agent-keywords.ts. */
  keywords: string[];
  /** Hand off after this many consecutive turns the bot could not help with (0 = never). */
  afterUnhelpfulTurns: number;
  /** Tell a waiting customer once if nobody claimed the conversation within this time. */
  unclaimedNoticeMs: number;
}

/** How agents sign in to the inbox: Cloudflare Access, per-agent tokens, or (local sink only) a demo agent. */
export interface AgentAuthConfig {
  access: { teamDomain: string; audience: string } | undefined;
  tokens: AgentToken[];
}

export interface Config {
  braze: ({ kind: "local" } | { kind: "rest"; endpoint: string; apiKey: string }) & BrazeCampaigns;
  webhookTokens: string[];
  adminToken: string | undefined;
  /** Key for HMAC-ing customer keys in logs; derived from WEBHOOK_TOKEN when LOG_HMAC_KEY is unset. */
  logHmacKey: string;
  ai: AiConfig;
  /** Which chat facts and events reach the Braze profile (PROFILE_ATTRIBUTES, PROFILE_EVENTS). */
  profile: { attributes: ReadonlySet<ChatFactAttribute>; events: ReadonlySet<ChatEvent> };
  /** Rough token budget for the history and messages in one prompt, so it stays flat however long a chat gets. */
  modelContextTokens: number;
  /** Least time between two messages to one customer, so their phone shows them in order. */
  sendSpacingMs: number;
  /** Wait after re-subscribing (START) before confirming: Braze takes up to 60 s to apply a subscription change. */
  subscriptionSettleMs: number;
  /** Whole messages another Braze Canvas answers: stored, never answered here. */
  silentKeywords: string[];
  brain: BrainConfig;
  /** Model turns per customer per minute; a flood beyond it is coalesced into later turns, never refused. */
  maxTurnsPerMinute: number;
  replyDebounceMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  brazeTimeoutMs: number;
  /** Least wait before resending a Braze call that may have gone through (timeout, connection lost). */
  brazeAmbiguousRetryMs: number;
  modelTimeoutMs: number;
  handoff: HandoffConfig;
  agentAuth: AgentAuthConfig;
}

/** Raised when configuration is missing or malformed; each problem names its variable, never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

const cache = new WeakMap<object, Config>();

/** Parses the environment once per isolate and binding set. Throws ConfigError. */
export function loadConfig(env: object): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`));
  }
  const c = parsed.data;
  // Weak or reused tokens: optional ones are left out of what signs in, each problem logged (names only).
  const secrets = checkSecrets(secretInputsFrom(env as Record<string, unknown>));
  logSecretProblems(secrets.problems);
  const config: Config = {
    braze:
      c.BRAZE_REST_ENDPOINT === LOCAL_SINK
        ? {
            kind: "local",
            ...campaigns(c, "local-reply-campaign"),
            buttonCampaignIds: buttonCampaignIds(c, "local-buttons-"),
            subscriptionGroupId: c.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID ?? "local-whatsapp-group",
          }
        : {
            kind: "rest",
            endpoint: c.BRAZE_REST_ENDPOINT,
            apiKey: c.BRAZE_API_KEY ?? "",
            ...campaigns(c, ""),
            buttonCampaignIds: buttonCampaignIds(c),
            subscriptionGroupId: c.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID ?? "",
          },
    webhookTokens: secrets.webhookTokens,
    adminToken: secrets.adminToken,
    logHmacKey: c.LOG_HMAC_KEY ?? `log-key:${c.WEBHOOK_TOKEN}`,
    ai: aiConfig(c),
    profile: { attributes: new Set(c.PROFILE_ATTRIBUTES), events: new Set(c.PROFILE_EVENTS) },
    modelContextTokens: c.MODEL_CONTEXT_TOKENS,
    sendSpacingMs: c.SEND_SPACING_MS,
    subscriptionSettleMs: c.SUBSCRIPTION_SETTLE_MS,
    silentKeywords: c.SILENT_KEYWORDS,
    maxTurnsPerMinute: c.MAX_TURNS_PER_MINUTE,
    brain: {
      minConfidence: c.BRAIN_MIN_CONFIDENCE,
      priorityMinConfidence: c.BRAIN_PRIORITY_MIN_CONFIDENCE,
      priorityTiers: c.HANDOFF_PRIORITY_TIERS.map((t) => t.toLowerCase()),
      handoffKeywords: c.HANDOFF_KEYWORDS,
      historyTurns: c.BRAIN_HISTORY_TURNS,
      tokensPerDay: c.MODEL_TOKENS_PER_DAY,
      persona: {
        brand: c.BOT_BRAND_NAME ?? DEFAULT_PERSONA.brand,
        tone: c.BOT_TONE ?? DEFAULT_PERSONA.tone,
        never: c.BOT_NEVER,
      },
    },
    replyDebounceMs: c.REPLY_DEBOUNCE_MS,
    retryBaseMs: c.RETRY_BASE_MS,
    retryMaxMs: c.RETRY_MAX_MS,
    brazeTimeoutMs: c.BRAZE_TIMEOUT_MS,
    brazeAmbiguousRetryMs: c.BRAZE_AMBIGUOUS_RETRY_MS,
    modelTimeoutMs: c.MODEL_TIMEOUT_MS,
    handoff: {
      keywords: c.HANDOFF_KEYWORDS,
      afterUnhelpfulTurns: c.HANDOFF_AFTER_UNHELPFUL_TURNS,
      unclaimedNoticeMs: c.HANDOFF_UNCLAIMED_NOTICE_MS,
    },
    agentAuth: {
      access:
        c.ACCESS_TEAM_DOMAIN && c.ACCESS_AUD ? { teamDomain: c.ACCESS_TEAM_DOMAIN, audience: c.ACCESS_AUD } : undefined,
      tokens: secrets.agentTokens,
    },
  };
  cache.set(env, config);
  return config;
}

/** The configured button campaigns; the local sink has all three unless told otherwise (the playground shows them). */
function buttonCampaignIds(c: ParsedConfig, localPrefix?: string): BrazeCampaigns["buttonCampaignIds"] {
  const ids: Partial<Record<1 | 2 | 3, string>> = {};
  for (const count of [1, 2, 3] as const) {
    const id = c[`BRAZE_BUTTONS_${count}_CAMPAIGN_ID`] ?? (localPrefix ? `${localPrefix}${count}-campaign` : undefined);
    if (id) ids[count] = id;
  }
  return ids;
}

function campaigns(
  c: ParsedConfig,
  defaultReply: string,
): Pick<BrazeCampaigns, "replyCampaignId" | "agentReplyCampaignId" | "templateCampaignId"> {
  const replyCampaignId = c.BRAZE_REPLY_CAMPAIGN_ID ?? defaultReply;
  return {
    replyCampaignId,
    agentReplyCampaignId: c.BRAZE_AGENT_REPLY_CAMPAIGN_ID ?? replyCampaignId,
    templateCampaignId: c.BRAZE_TEMPLATE_CAMPAIGN_ID,
  };
}

function aiConfig(c: ParsedConfig): AiConfig {
  const gateway = c.AI_GATEWAY_ID
    ? { id: c.AI_GATEWAY_ID, accountId: c.CLOUDFLARE_ACCOUNT_ID, token: c.AI_GATEWAY_TOKEN }
    : undefined;
  switch (c.AI_PROVIDER) {
    case "offline":
      return { provider: "offline" };
    case "workers-ai":
      return {
        provider: "workers-ai",
        model: c.AI_MODEL ?? DEFAULT_WORKERS_AI_MODEL,
        gateway,
        rest:
          c.CLOUDFLARE_ACCOUNT_ID && c.CLOUDFLARE_API_TOKEN
            ? { accountId: c.CLOUDFLARE_ACCOUNT_ID, apiToken: c.CLOUDFLARE_API_TOKEN }
            : undefined,
      };
    case "openai":
      return {
        provider: "openai",
        // Through the gateway, its OpenAI endpoint replaces the base URL (developers.cloudflare.com/ai-gateway/providers/openai/).
        baseUrl:
          gateway?.accountId !== undefined
            ? `https://gateway.ai.cloudflare.com/v1/${gateway.accountId}/${gateway.id}/openai`
            : (c.OPENAI_BASE_URL ?? ""),
        apiKey: c.OPENAI_API_KEY,
        model: c.AI_MODEL ?? "",
        gateway,
      };
  }
}
