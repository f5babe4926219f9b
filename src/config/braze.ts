// Braze: the REST endpoint (or the local sink), its API key, the campaigns replies go through, the WhatsApp
// subscription group, and which chat facts reach the profile. Only src/braze/ talks to Braze; this says where.
import { z } from "zod";
import { isServiceUrl, nameList, optionalId, optionalSecret, requireVariable } from "./fields";

export const LOCAL_SINK = "local";

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

const brazeEndpoint = z
  .string()
  .trim()
  .min(1)
  .refine((value) => value === LOCAL_SINK || isServiceUrl(value), {
    message: 'must be "local" or an https:// URL such as https://rest.iad-01.braze.com (http:// only on localhost)',
  })
  .transform((value) => (value === LOCAL_SINK ? LOCAL_SINK : value.replace(/\/+$/, "")));

export const brazeVariables = z.object({
  BRAZE_REST_ENDPOINT: brazeEndpoint,
  BRAZE_API_KEY: optionalSecret,
  BRAZE_REPLY_CAMPAIGN_ID: optionalId(),
  BRAZE_BUTTONS_1_CAMPAIGN_ID: optionalId(),
  BRAZE_BUTTONS_2_CAMPAIGN_ID: optionalId(),
  BRAZE_BUTTONS_3_CAMPAIGN_ID: optionalId(),
  PROFILE_ATTRIBUTES: nameList(CHAT_FACT_ATTRIBUTES, CHAT_FACT_ATTRIBUTES),
  PROFILE_EVENTS: nameList(CHAT_EVENTS, CHAT_EVENTS),
  BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: optionalId(),
  // Live-agent handoff (docs/handoff.md).
  BRAZE_AGENT_REPLY_CAMPAIGN_ID: optionalId(),
  BRAZE_TEMPLATE_CAMPAIGN_ID: optionalId(),
});
type BrazeVariables = z.output<typeof brazeVariables>;

/** A real endpoint needs its key, the reply campaign and the subscription group; the local sink needs none. */
export function checkBraze(env: BrazeVariables, ctx: z.RefinementCtx): void {
  if (env.BRAZE_REST_ENDPOINT === LOCAL_SINK) return;
  if (!env.BRAZE_API_KEY) requireVariable(ctx, "BRAZE_API_KEY", "is required (wrangler secret put BRAZE_API_KEY)");
  if (!env.BRAZE_REPLY_CAMPAIGN_ID) {
    requireVariable(ctx, "BRAZE_REPLY_CAMPAIGN_ID", "is required: the API-triggered WhatsApp campaign's id");
  }
  if (!env.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID) {
    requireVariable(
      ctx,
      "BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID",
      "is required: STOP unsubscribes the customer from this WhatsApp subscription group",
    );
  }
}

/** Where replies go: the local sink (with placeholder campaigns the playground shows) or Braze's REST API. */
export function brazeSettings(env: BrazeVariables) {
  if (env.BRAZE_REST_ENDPOINT === LOCAL_SINK) {
    return {
      kind: "local" as const,
      ...campaigns(env, "local-reply-campaign"),
      buttonCampaignIds: buttonCampaignIds(env, "local-buttons-"),
      subscriptionGroupId: env.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID ?? "local-whatsapp-group",
    };
  }
  return {
    kind: "rest" as const,
    endpoint: env.BRAZE_REST_ENDPOINT,
    apiKey: env.BRAZE_API_KEY ?? "",
    ...campaigns(env, ""),
    buttonCampaignIds: buttonCampaignIds(env),
    /** The WhatsApp subscription group STOP leaves and START rejoins. */
    subscriptionGroupId: env.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID ?? "",
  };
}

/** Which chat facts and events reach the Braze profile (PROFILE_ATTRIBUTES, PROFILE_EVENTS). */
export function profileSettings(env: BrazeVariables) {
  return { attributes: readonlySet(env.PROFILE_ATTRIBUTES), events: readonlySet(env.PROFILE_EVENTS) };
}

const readonlySet = <T>(items: readonly T[]): ReadonlySet<T> => new Set(items);

function campaigns(env: BrazeVariables, defaultReply: string) {
  const replyCampaignId = env.BRAZE_REPLY_CAMPAIGN_ID ?? defaultReply;
  return {
    replyCampaignId,
    /** Agent replies go through this campaign (Braze reports then tell them apart), else the reply campaign. */
    agentReplyCampaignId: env.BRAZE_AGENT_REPLY_CAMPAIGN_ID ?? replyCampaignId,
    /** An API-triggered campaign with a Meta-approved re-engagement template (no free text), if any. */
    templateCampaignId: env.BRAZE_TEMPLATE_CAMPAIGN_ID,
  };
}

/**
 * API-triggered WhatsApp campaigns with a quick-reply layout, by their fixed button count (1, 2, 3). A reply
 * whose button count has no campaign goes as numbered text through the reply campaign. The local sink has all
 * three unless told otherwise (the playground shows them).
 */
function buttonCampaignIds(env: BrazeVariables, localPrefix?: string): Readonly<Partial<Record<1 | 2 | 3, string>>> {
  const ids: Partial<Record<1 | 2 | 3, string>> = {};
  for (const count of [1, 2, 3] as const) {
    const id =
      env[`BRAZE_BUTTONS_${count}_CAMPAIGN_ID`] ?? (localPrefix ? `${localPrefix}${count}-campaign` : undefined);
    if (id) ids[count] = id;
  }
  return ids;
}
