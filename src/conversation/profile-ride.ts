// Chat-fact attributes riding on a reply: a reply's /campaigns/trigger/send carries the pending profile
// attributes as the recipient's `attributes` object, which Braze applies before sending (no extra call, no race
// with the message's Liquid). Events cannot ride (trigger/send has no events) and always take /users/track.
// Only for an external_id recipient: Braze does not say `attributes` works with an alias recipient.
import type { Recipient } from "../braze/schemas";
import type { OutboxRow } from "./outbox";
import type { ConversationStores } from "./stores";

/** How long pending attributes wait for a reply to ride on before the /users/track lane sends them anyway. */
export const RIDE_WAIT_MS = 5 * 60_000;

export interface Ride {
  ids: number[];
  attributes: Record<string, unknown>;
}

/** What may ride on this row's send: pending attributes, for an assistant reply to an external_id. */
export function rideFor(stores: ConversationStores, row: OutboxRow, recipient: Recipient): Ride | undefined {
  if (row.kind !== "bot_reply" || !("externalUserId" in recipient)) return undefined;
  const pending = stores.profileUpdates.pendingAttributes();
  return pending ? { ids: pending.ids, attributes: pending.attributes } : undefined;
}

/**
 * For the /users/track lane: until when attributes should wait for a reply to carry them (undefined = send them
 * now). They wait only while a reply is queued, and at most RIDE_WAIT_MS, so a reply stuck in retries never
 * holds them for long.
 */
export function attributesWaitUntil(stores: ConversationStores, recipient: Recipient, now: number): number | undefined {
  if (!("externalUserId" in recipient) || !stores.outbox.hasPendingReply()) return undefined;
  const pending = stores.profileUpdates.pendingAttributes();
  if (!pending) return undefined;
  const until = pending.oldestAt + RIDE_WAIT_MS;
  return until > now ? until : undefined;
}

/**
 * After a delivery run: attributes no queued reply can carry any more (it was sent without them, cancelled,
 * expired or dead-lettered) are handed to the /users/track lane at once.
 */
export function releaseUnriddenAttributes(stores: ConversationStores, now: number): void {
  if (stores.outbox.hasPendingReply() || !stores.profileUpdates.pendingAttributes()) return;
  stores.timers.setNoLaterThan("profile", now);
}
