// What the brain reads about a conversation besides the new messages: the recent turns kept verbatim, the
// rolling summary of older ones (and the action that stores its new version), the customer's priority and
// today's model-token use.

import { recentWindow, rollSummary } from "../ai/summary";
import type { HistoryTurn } from "../conversation/history";
import type { ConversationView, TurnAction } from "./types";

/** Earlier turns read from storage per turn; what is not kept verbatim is folded into the summary. */
export const HISTORY_TURNS_OFFERED = 40;

/** Recent turns kept verbatim are together at most this many estimated tokens. */
export const RECENT_HISTORY_MAX_TOKENS = 1200;

export interface ConversationContext {
  history: HistoryTurn[];
  summary: string | undefined;
  /** set_summary when turns were folded in this turn. */
  actions: TurnAction[];
}

export function conversationContext(
  view: ConversationView,
  redact: (text: string) => string,
  historyTurns: number,
): ConversationContext {
  const offered = view.history(HISTORY_TURNS_OFFERED).map((h) => ({ ...h, text: redact(h.text) }));
  const keep = recentWindow(offered, historyTurns, RECENT_HISTORY_MAX_TOKENS);
  const recent = offered.slice(offered.length - keep);
  const through = view.summary?.throughAt ?? Number.NEGATIVE_INFINITY;
  const toFold = offered.slice(0, offered.length - keep).filter((turn) => turn.at > through);
  const last = toFold.at(-1);
  if (!last) return { history: recent, summary: view.summary?.text, actions: [] };
  const text = rollSummary(view.summary?.text, toFold);
  return { history: recent, summary: text, actions: [{ type: "set_summary", text, throughAt: last.at }] };
}

/** Whether the customer's loyalty tier (a profile field from the webhook) is in HANDOFF_PRIORITY_TIERS. */
export function isPriorityCustomer(profile: Readonly<Record<string, string>> | undefined, tiers: readonly string[]) {
  const tier = profile?.loyalty_tier?.trim().toLowerCase();
  return tier !== undefined && tier !== "" && tiers.includes(tier);
}

/** The UTC day a token count belongs to. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function tokensUsedToday(view: ConversationView, day: string): number {
  return view.modelTokens?.day === day ? view.modelTokens.tokens : 0;
}
