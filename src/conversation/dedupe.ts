// How a replayed webhook is recognised. Braze retries a webhook it got no 2xx for, re-sending the body it
// rendered; Braze Liquid offers no inbound message id, so the rule depends on what the body carries
// (docs/delivery.md "Replays"):
//  - with `message_id` (the README recommends {{campaign.${dispatch_id}}}): id + text + media, for 48 hours
//    (Braze retries for up to 24 hours when our host is unreachable);
//  - without it (the guide's 3-field body) a retry and a customer typing the same thing again look alike, so
//    the text + media key (10 minutes) is used only where eating a real message costs little: never for STOP
//    or START (idempotent: the pipeline confirms each once), never while a flow waits for an answer, and
//    never for a short text (a digit, "yes", a button label), which customers repeat all the time.
import { matchCommand } from "../i18n/commands";
import { toHex } from "../log";
import type { InboundMessage } from "../webhook/inbound-message";

export const DEDUPE_WINDOW_WITH_ID_MS = 48 * 60 * 60 * 1000;
/** Braze's first retries of a stored webhook whose 2xx was lost come within minutes (docs/delivery.md). */
export const DEDUPE_WINDOW_WITHOUT_ID_MS = 10 * 60 * 1000;
/**
 * Texts up to this many characters are never deduped without a message id: every quick-reply label (20) and
 * list-row title (24) fits, and so do digits, yes/no, emoji and most names. A retry of one is answered twice.
 */
export const SHORT_TEXT_MAX_CHARS = 24;

export type DedupeRule =
  | { kind: "key"; by: "message_id" | "text"; windowMs: number }
  /** The text-only key would eat real messages here: store every copy. */
  | { kind: "none"; reason: "command" | "flow_answer" | "short_text" };

export interface DedupeContext {
  /** A flow is waiting for the customer's answer (the `active_flow` meta key is set). */
  flowWaiting: boolean;
}

export function dedupeRule(message: InboundMessage, context: DedupeContext): DedupeRule {
  if (message.messageId) return { kind: "key", by: "message_id", windowMs: DEDUPE_WINDOW_WITH_ID_MS };
  const command = matchCommand(message.text)?.command;
  if (command === "stop" || command === "start") return { kind: "none", reason: "command" };
  // A media URL is unique per message: the same URL again can only be a retry, in or out of a flow.
  if (message.mediaUrls.length === 0) {
    if (context.flowWaiting) return { kind: "none", reason: "flow_answer" };
    // RESET keeps the key: its confirmation is not idempotent, and it is not an answer to anything.
    if (command === undefined && isShortText(message.text)) return { kind: "none", reason: "short_text" };
  }
  return { kind: "key", by: "text", windowMs: DEDUPE_WINDOW_WITHOUT_ID_MS };
}

function isShortText(text: string): boolean {
  let count = 0;
  for (const _ of text.trim()) if (++count > SHORT_TEXT_MAX_CHARS) return false;
  return true;
}

/** A per-conversation key (the conversation is already per customer). */
export async function dedupeKeyFor(message: InboundMessage): Promise<string> {
  const material = JSON.stringify([message.messageId ?? "", message.text, message.mediaUrls]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return toHex(new Uint8Array(digest));
}
