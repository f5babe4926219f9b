// How long a phone number's conversation forwards to the external_id conversation that took it over
// (docs/storage.md "Forwarding"). Forwarding exists for phone-only webhooks Braze rendered before it knew the
// customer and delivers late; it must end, or the next holder of a recycled number writes into the old owner's
// chat and the replies go to the old owner. Messages with a user_id never come here: they route by user_id.
import type { ConversationStores } from "./stores";

/**
 * Braze retries a webhook for about 30 minutes, and for up to 24 hours when our host is unreachable
 * (../shared/braze-facts.md §4); twice the longest retry, like the message_id dedupe window. Longer would only
 * keep a recycled number pointed at its old owner.
 */
export const FORWARDING_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Meta keys that outlive the end of forwarding: an opt-out is the number's, as on erasure (retention.ts). */
export const KEPT_WHEN_FORGOTTEN = ["schema_version", "conversation_name", "opted_out"] as const;

export type Forwarding = { kind: "none" } | { kind: "forwarding"; to: string; until: number } | { kind: "ended" };

export function forwarding(stores: ConversationStores, now: number): Forwarding {
  const to = stores.meta.get("moved_to");
  if (!to) return { kind: "none" };
  const until = forwardingEndsAt(stores);
  return until !== undefined && now < until ? { kind: "forwarding", to, until } : { kind: "ended" };
}

/** When forwarding ends; a move recorded without its time (not possible after migration 6) ends at once. */
export function forwardingEndsAt(stores: ConversationStores): number | undefined {
  const movedAt = stores.meta.getNumber("moved_at");
  return movedAt === undefined || !Number.isFinite(movedAt) ? undefined : movedAt + FORWARDING_WINDOW_MS;
}

/**
 * Marks the object as forwarding to `movedTo`. The window starts at the first hand-over (a repeat of the same
 * hand-over does not extend it), and the retention timer is set to its end, so an object that only ever
 * forwarded is erased then (retention.ts).
 */
export function startForwarding(stores: ConversationStores, movedTo: string, now: number): void {
  stores.meta.set("moved_to", movedTo);
  if (stores.meta.get("moved_at") === undefined) stores.meta.set("moved_at", now);
  stores.timers.set("retention", forwardingEndsAt(stores) ?? now, 0);
}

/**
 * Forgets everything the old owner left here, in one synchronous write, so the next phone-only message starts
 * a fresh conversation. Row ids keep counting up (sqlite_sequence is kept): flow run ids derive from them.
 */
export function forgetForwardedConversation(sql: SqlStorage): void {
  const tables = sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .toArray()
    .map((t) => t.name)
    .filter((name) => name !== "meta" && !name.startsWith("sqlite_") && !name.startsWith("_cf_"));
  for (const name of tables) sql.exec(`DELETE FROM "${name}"`);
  const kept = KEPT_WHEN_FORGOTTEN.map(() => "?").join(", ");
  sql.exec(`DELETE FROM meta WHERE key NOT IN (${kept})`, ...KEPT_WHEN_FORGOTTEN);
}
