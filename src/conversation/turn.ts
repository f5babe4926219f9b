// One turn: the customer's pending messages (a coalesced burst) go through the turn pipeline, and what it
// decided is applied atomically. The pipeline (which may call the model) runs outside any transaction; the
// commit only settles the messages the turn saw, so messages that arrived meanwhile wait for the next turn.
import type { ChatModel } from "../ai/model";
import type { Config } from "../config";
import { MAX_COMMAND_LENGTH, matchCommand } from "../i18n/commands";
import { detectLanguage, type Language, languageFromProfile } from "../i18n/languages";
import type { LogFields } from "../log";
import { runPipeline } from "../pipeline/run-pipeline";
import type { ChatStatus, ConversationView, Stage, TurnMessage } from "../pipeline/types";
import { personalDataRedactor } from "../privacy/redact";
import { applyTurn } from "./apply-turn";
import { recordChatFacts } from "./chat-facts";
import { readModelTokens, readProfile, readSummary } from "./conversation-facts";
import type { InboundRow } from "./inbox";
import type { ConversationStores } from "./stores";

/** However long a burst goes on, it is answered no later than this after its first message. */
export const MAX_DEBOUNCE_WAIT_MS = 10_000;

/** The window of MAX_TURNS_PER_MINUTE. */
const RATE_WINDOW_MS = 60_000;

export type TurnOutcome =
  | { kind: "idle" }
  | { kind: "handled"; queued: number; messages: number; decidedBy: string | undefined; tookMs: number }
  | { kind: "moved" };

export interface TurnDeps {
  config: Config;
  model: ChatModel;
  stages: readonly Stage[];
  now: () => number;
  /** Runs the commit as one transaction: an exception part-way leaves nothing half applied. */
  atomically: <T>(write: () => T) => T;
}

export async function runTurn(
  stores: ConversationStores,
  deps: TurnDeps,
  failedAttempts: number,
  logFields: LogFields,
): Promise<TurnOutcome> {
  const pending = messagesForThisTurn(stores, deps.config, deps.now());
  if (pending.length === 0) return { kind: "idle" };
  if (stores.meta.get("moved_to")) return { kind: "moved" };

  const language = chooseLanguage(stores, pending);
  const started = deps.now();
  const { actions, decidedBy } = await runPipeline(deps.stages, {
    messages: pending.map(toTurnMessage),
    view: conversationView(stores, language),
    services: {
      config: deps.config,
      model: deps.model,
      failedAttempts,
      now: deps.now,
      redactForModel: personalDataRedactor(stores.meta.get("phone")),
      conversationKey: typeof logFields.customer === "string" ? logFields.customer : undefined,
    },
  });
  const tookMs = deps.now() - started;

  const applied = deps.atomically(() => {
    if (stores.meta.get("moved_to")) return undefined;
    const at = deps.now();
    const result = applyTurn(stores, actions, deps.config, at, logFields, language);
    recordChatFacts(stores, { actions, decidedBy, language, at }, deps.config, logFields);
    stores.meta.set("language", language);
    if (decidedBy === "ai") recordModelTurn(stores, started, deps.config.maxTurnsPerMinute);
    return result;
  });
  if (!applied) return { kind: "moved" };
  return { kind: "handled", queued: applied.queued, messages: applied.settled, decidedBy, tookMs };
}

/**
 * When the pending burst should be handled: after a quiet spell, but never later than a cap; commands at once.
 * A customer who already had MAX_TURNS_PER_MINUTE model turns in the last minute waits for the window: their
 * flood is coalesced into fewer turns (bounded model cost) rather than refused at intake, which Braze would
 * retry and then drop.
 */
export function turnDueAt(stores: ConversationStores, config: Config): number | undefined {
  const pending = stores.inbox.pendingSummary(MAX_COMMAND_LENGTH);
  if (!pending) return undefined;
  if (pending.shortTexts.some(isStop)) return pending.lastAt; // STOP never waits, not even for the rate cap
  const debounced = Math.min(
    pending.lastAt + config.replyDebounceMs,
    pending.firstAt + Math.max(MAX_DEBOUNCE_WAIT_MS, config.replyDebounceMs),
  );
  return Math.max(debounced, rateLimitedUntil(stores, config.maxTurnsPerMinute));
}

/**
 * The pending messages this turn handles: all of them, unless the customer is over MAX_TURNS_PER_MINUTE and
 * the turn runs early only because of a STOP; then only up to that STOP (the rest waits for the cap).
 */
function messagesForThisTurn(stores: ConversationStores, config: Config, now: number): InboundRow[] {
  const pending = stores.inbox.pending();
  if (rateLimitedUntil(stores, config.maxTurnsPerMinute) <= now) return pending;
  const lastStop = pending.findLastIndex((m) => isStop(m.text));
  return lastStop >= 0 ? pending.slice(0, lastStop + 1) : pending;
}

function recentModelTurns(stores: ConversationStores): number[] {
  const parsed = JSON.parse(stores.meta.get("recent_model_turns") ?? "[]") as unknown;
  return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === "number") : [];
}

function recordModelTurn(stores: ConversationStores, startedAt: number, keep: number): void {
  const turns = [...recentModelTurns(stores), startedAt].slice(-keep);
  stores.meta.set("recent_model_turns", JSON.stringify(turns));
}

function rateLimitedUntil(stores: ConversationStores, maxTurnsPerMinute: number): number {
  const turns = recentModelTurns(stores);
  if (turns.length < maxTurnsPerMinute) return 0;
  return (turns[turns.length - maxTurnsPerMinute] ?? 0) + RATE_WINDOW_MS;
}

/** True while a STOP waits for its turn: delivery holds the assistant's replies until the turn cancels them. */
export function stopPending(stores: ConversationStores): boolean {
  return stores.inbox.pendingSummary(MAX_COMMAND_LENGTH)?.shortTexts.some(isStop) ?? false;
}

function isStop(text: string): boolean {
  return matchCommand(text)?.command === "stop";
}

function conversationView(stores: ConversationStores, language: Language): ConversationView {
  return {
    optedOut: stores.meta.get("opted_out") !== undefined,
    optedInAt: stores.meta.getNumber("opted_in_at"),
    chatStatus: (stores.meta.get("chat_status") as ChatStatus | undefined) ?? "bot",
    activeFlow: stores.meta.get("active_flow"),
    flow: stores.flowState.get(),
    language,
    history: (limit) => stores.history.recent(limit),
    unhelpfulTurns: stores.meta.getNumber("unhelpful_turns") ?? 0,
    profile: readProfile(stores.meta.get("profile")),
    summary: readSummary(stores.meta),
    modelTokens: readModelTokens(stores.meta.get("model_tokens")),
  };
}

function toTurnMessage(row: InboundRow): TurnMessage {
  const media = JSON.parse(row.media_urls) as unknown;
  return {
    seq: row.seq,
    text: row.text,
    mediaCount: Array.isArray(media) ? media.length : 0,
    receivedAt: row.received_at,
    ...(row.start_flow ? { startFlow: row.start_flow } : {}),
  };
}

function chooseLanguage(stores: ConversationStores, pending: InboundRow[]): Language {
  const profileLanguage = pending.at(-1)?.language;
  return (
    languageFromProfile(profileLanguage) ??
    detectLanguage(pending.map((m) => m.text).join(" ")) ??
    languageFromProfile(stores.meta.get("language")) ??
    "en"
  );
}
