// Turns in which the bot could not help: the brain asked the customer to clarify (small talk aside), or the
// model was unavailable. HANDOFF_AFTER_UNHELPFUL_TURNS of them in a row hand the conversation to a person
// instead of sending another non-answer; chat facts report such a turn as not resolved (ai_resolved=false).
import type { ConversationStores } from "../conversation/stores";
import type { TextKey } from "../i18n/texts";
import type { TurnAction } from "../pipeline/types";

const UNHELPFUL_KEYS: ReadonlySet<TextKey> = new Set(["modelUnavailable", "clarify", "clarifyOptions"]);

export function isUnhelpful(action: TurnAction): boolean {
  if (action.type === "catalog_reply") return UNHELPFUL_KEYS.has(action.key);
  if (action.type === "reply") return action.facts?.decision === "clarify" && action.facts.topic !== "smalltalk";
  return false;
}

/** Counts consecutive unhelpful replies in meta (a helpful one starts again from zero). */
export function noteReplyHelpfulness(stores: ConversationStores, action: TurnAction): void {
  if (action.type !== "reply" && action.type !== "catalog_reply") return;
  if (!isUnhelpful(action)) {
    if (action.type === "reply") stores.meta.delete("unhelpful_turns");
    return;
  }
  stores.meta.set("unhelpful_turns", (stores.meta.getNumber("unhelpful_turns") ?? 0) + 1);
}
