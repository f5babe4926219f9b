// One turn: the customer's pending messages (a coalesced burst) become reply parts in the outbox, atomically.
// The model call happens outside any transaction; the commit re-checks what is still pending, so messages
// that arrived during the call wait for the next turn, in order.
import type { ChatModel } from "../ai/model";
import type { Config } from "../config";
import { detectLanguage, type Language, languageFromProfile } from "../i18n/languages";
import { text } from "../i18n/texts";
import { withTimeout } from "../timeout";
import { splitMessage } from "../whatsapp/split-message";
import type { ConversationStores } from "./stores";

/** Turns of context handed to the model; the model's own budget may cut further. */
export const CONTEXT_TURNS = 12;

/** However long a burst goes on, it is answered no later than this after its first message. */
export const MAX_DEBOUNCE_WAIT_MS = 10_000;

export type TurnOutcome =
  | { kind: "idle" }
  | { kind: "answered"; parts: number; messages: number; modelMs: number }
  | { kind: "moved" };

export async function runTurn(
  stores: ConversationStores,
  model: ChatModel,
  config: Config,
  now: () => number,
): Promise<TurnOutcome> {
  const pending = stores.inbox.pending();
  const last = pending.at(-1);
  if (!last) return { kind: "idle" };
  if (stores.meta.get("moved_to")) return { kind: "moved" };

  const language = chooseLanguage(stores, pending.map((m) => m.text).join(" "), last.language);
  const texts = pending.map((m) => m.text).filter((t) => t.trim() !== "");
  const started = now();
  const reply =
    texts.length === 0
      ? text("mediaOnly", language)
      : (
          await withTimeout(config.modelTimeoutMs, (signal) =>
            model.reply({ history: stores.history.recent(CONTEXT_TURNS), messages: texts, language }, signal),
          )
        ).text;
  const modelMs = now() - started;
  const parts = splitMessage(reply);

  // No await from here on: the whole commit is one atomic write.
  if (stores.meta.get("moved_to")) return { kind: "moved" };
  const at = now();
  for (const message of pending) stores.history.add("customer", message.text || "[media]", message.received_at);
  stores.history.add("assistant", reply, at);
  for (const [index, part] of parts.entries()) {
    stores.outbox.add(
      {
        kind: "bot_reply",
        campaignId: config.braze.replyCampaignId,
        text: part,
        part: index + 1,
        parts: parts.length,
        notBefore: at,
        answersSeq: last.seq,
      },
      at,
    );
  }
  stores.inbox.settle(last.seq, "answered");
  stores.meta.set("language", language);
  return { kind: "answered", parts: parts.length, messages: pending.length, modelMs };
}

/** When the pending burst should be answered: after a quiet spell, but never later than a cap. */
export function turnDueAt(stores: ConversationStores, config: Config): number | undefined {
  const pending = stores.inbox.pending();
  const first = pending[0];
  const last = pending.at(-1);
  if (!first || !last) return undefined;
  return Math.min(
    last.received_at + config.replyDebounceMs,
    first.received_at + Math.max(MAX_DEBOUNCE_WAIT_MS, config.replyDebounceMs),
  );
}

function chooseLanguage(stores: ConversationStores, recentText: string, profileLanguage: string | null): Language {
  return (
    languageFromProfile(profileLanguage) ??
    detectLanguage(recentText) ??
    languageFromProfile(stores.meta.get("language")) ??
    "en"
  );
}
