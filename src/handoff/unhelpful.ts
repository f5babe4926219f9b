// Turns in which the bot could not help: its reply was the catalog's "no answer", "can't answer right now" or
// a clarifying question (the brain issue's "clarify" text, when it exists). HANDOFF_AFTER_UNHELPFUL_TURNS of
// them in a row hand the conversation to a person instead of sending the same non-answer again.
import type { ConversationStores } from "../conversation/stores";
import { TEXTS } from "../i18n/texts";
import type { TurnAction } from "../pipeline/types";

const UNHELPFUL_KEYS: ReadonlySet<string> = new Set(["noAnswer", "modelUnavailable", "clarify"]);

/** The catalog texts that mean "could not help", in every language (the offline model replies with noAnswer). */
const UNHELPFUL_TEXTS: ReadonlySet<string> = new Set(
  Object.entries(TEXTS)
    .filter(([key]) => UNHELPFUL_KEYS.has(key))
    .flatMap(([, byLanguage]) => Object.values(byLanguage).map((t) => t.trim())),
);

export function isUnhelpful(action: TurnAction): boolean {
  if (action.type === "catalog_reply") return UNHELPFUL_KEYS.has(action.key);
  if (action.type === "reply") return UNHELPFUL_TEXTS.has(action.text.trim());
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
