// How a replayed webhook is recognised. Braze retries a webhook it got no 2xx for, re-sending the body it
// rendered; Braze Liquid offers no inbound message id, so the key is built from what there is:
//  - with `message_id` (the README recommends {{campaign.${dispatch_id}}}): id + text + media, for 48 hours
//    (Braze retries for up to 24 hours when our host is unreachable);
//  - without it (the guide's 3-field body): text + media only, for 10 minutes, which also merges a customer
//    sending the very same text twice within 10 minutes into one message (documented in docs/delivery.md).
import { toHex } from "../log";
import type { InboundMessage } from "../webhook/inbound-message";

export const DEDUPE_WINDOW_WITH_ID_MS = 48 * 60 * 60 * 1000;
export const DEDUPE_WINDOW_WITHOUT_ID_MS = 10 * 60 * 1000;

export function dedupeWindowMs(message: InboundMessage): number {
  return message.messageId ? DEDUPE_WINDOW_WITH_ID_MS : DEDUPE_WINDOW_WITHOUT_ID_MS;
}

/** A per-conversation key (the conversation is already per customer). */
export async function dedupeKeyFor(message: InboundMessage): Promise<string> {
  const material = JSON.stringify([message.messageId ?? "", message.text, message.mediaUrls]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return toHex(new Uint8Array(digest));
}
