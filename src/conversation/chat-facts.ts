// Chat facts for the customer's Braze profile, computed at each turn commit and queued on the profile lane
// (src/conversation/profile-updates.ts: only changed values reach Braze). Which of them are written is
// configuration (PROFILE_ATTRIBUTES, PROFILE_EVENTS), so an operator decides what Braze learns and pays for.
import { CHAT_EVENTS, CHAT_FACT_ATTRIBUTES, type ChatEvent, type ChatFactAttribute, type Config } from "../config";
import { isUnhelpful } from "../handoff/unhelpful";
import type { Language } from "../i18n/languages";
import { type LogFields, log } from "../log";
import type { ProfileAttributeValue, ProfileEvent, TurnAction } from "../pipeline/types";
import type { ConversationStores } from "./stores";

type ProfileUpdate = { attributes?: Record<string, ProfileAttributeValue>; events?: readonly ProfileEvent[] };

/**
 * Drops the Worker's own attributes and events that the configuration turned off, whoever asked for them (a
 * flow's `ai_flow_completed`, the brain); names outside that set belong to the operator's flows and pass.
 */
export function allowedByConfig(update: ProfileUpdate, config: Config): ProfileUpdate {
  const attributes = Object.fromEntries(
    Object.entries(update.attributes ?? {}).filter(
      ([key]) =>
        !(CHAT_FACT_ATTRIBUTES as readonly string[]).includes(key) ||
        config.profile.attributes.has(key as ChatFactAttribute),
    ),
  );
  const events = (update.events ?? []).filter(
    (event) =>
      !(CHAT_EVENTS as readonly string[]).includes(event.name) || config.profile.events.has(event.name as ChatEvent),
  );
  return { attributes, events };
}

export interface TurnSummary {
  actions: readonly TurnAction[];
  decidedBy: string | undefined;
  language: Language;
  at: number;
}

/** Queues this turn's chat facts; part of the turn's atomic commit. Turns that answered nobody write nothing. */
export function recordChatFacts(
  stores: ConversationStores,
  turn: TurnSummary,
  config: Config,
  logFields: LogFields,
): void {
  const answered = turn.actions.some(
    (a) => a.type === "settle" && (a.outcome === "answered" || a.outcome === "handed_off"),
  );
  if (!answered) return;
  // An absolute count kept here, never Braze's `inc`: a retried /users/track must not count a turn twice.
  const turns = (stores.meta.getNumber("chat_turns") ?? 0) + 1;
  stores.meta.set("chat_turns", turns);
  const facts = factsOf(turn, turns);
  const attributes: Record<string, ProfileAttributeValue> = {};
  for (const name of CHAT_FACT_ATTRIBUTES) {
    const value = facts[name];
    if (config.profile.attributes.has(name) && value !== undefined) attributes[name] = value;
  }
  const events: ProfileEvent[] = config.profile.events.has("ai_chat_turn")
    ? [{ name: "ai_chat_turn", properties: chatTurnProperties(facts, turn.decidedBy) }]
    : [];
  const { queued, rejected } = stores.profileUpdates.queue({ attributes, events }, turn.at);
  if (queued) stores.timers.setNoLaterThan("profile", turn.at);
  if (rejected.length > 0) log("warn", "profile.keys_rejected", { ...logFields, keys: rejected.join(",") });
}

type Facts = Partial<Record<ChatFactAttribute, ProfileAttributeValue>>;

function factsOf(turn: TurnSummary, turns: number): Facts {
  const { actions } = turn;
  const lastTopic = actions
    .filter((a): a is Extract<TurnAction, { type: "reply" }> => a.type === "reply" && Boolean(a.facts?.topic))
    .at(-1)?.facts?.topic;
  const handedOff = actions.some((a) => a.type === "handoff" || (a.type === "settle" && a.outcome === "handed_off"));
  const couldNotHelp = actions.some((a) => isUnhelpful(a) || (a.type === "catalog_reply" && a.key === "dailyLimit"));
  const replied = actions.some((a) => a.type === "reply" || a.type === "catalog_reply");
  return {
    ai_last_topic: lastTopic,
    ai_language: turn.language,
    ai_last_contact_at: dayOf(turn.at),
    ai_turns: turns,
    ai_resolved: replied && !handedOff && !couldNotHelp,
  };
}

/**
 * The day of the contact (UTC midnight, ISO 8601, which Braze reads as a time): it changes once a day, not
 * every turn, so "last contact within N days" segments cost one data point per customer per day.
 */
function dayOf(at: number): string {
  return `${new Date(at).toISOString().slice(0, 10)}T00:00:00.000Z`;
}

function chatTurnProperties(facts: Facts, decidedBy: string | undefined): Record<string, ProfileAttributeValue> {
  return {
    ...(facts.ai_last_topic !== undefined ? { topic: facts.ai_last_topic } : {}),
    language: facts.ai_language ?? null,
    resolved: facts.ai_resolved ?? null,
    decided_by: decidedBy ?? null,
  };
}
