// Storage retention (docs/storage.md): settled rows are kept long enough to dedupe retries and explain what
// happened, then deleted; a conversation idle for INACTIVE_DELETE_MS is erased entirely, and a phone number's
// object that forwards to an external_id conversation is erased when its forwarding ends (forwarding.ts).
import { forwarding } from "./forwarding";
import { migrate } from "./schema";
import type { ConversationStores } from "./stores";

const DAY = 24 * 60 * 60 * 1000;
export const RETENTION = {
  settledInboundMs: 7 * DAY,
  historyMs: 30 * DAY,
  sentOutboxMs: 7 * DAY,
  failedOutboxMs: 30 * DAY,
  inactiveDeleteMs: 90 * DAY,
  sweepEveryMs: DAY,
} as const;

/**
 * Returns true when the whole conversation was erased: its storage is then empty (or holds only the opt-out),
 * and the instance must migrate again before its next use.
 */
export async function sweep(storage: DurableObjectStorage, stores: ConversationStores, now: number): Promise<boolean> {
  const sql = storage.sql;
  const forward = forwarding(stores, now);
  if (forward.kind === "ended") return erase(storage, stores);
  if (forward.kind === "forwarding") {
    // Everything here was handed over; nothing is worth a daily sweep until the forwarding ends.
    stores.timers.set("retention", forward.until, 0);
    return false;
  }
  const lastActivity = stores.meta.getNumber("last_activity_at") ?? now;
  const busy = stores.inbox.pending().length > 0 || stores.outbox.unsettled().some((row) => row.state !== "dead");
  if (now - lastActivity > RETENTION.inactiveDeleteMs && !busy) return erase(storage, stores);
  sql.exec("DELETE FROM dedupe WHERE until < ?", now);
  sql.exec("DELETE FROM inbound WHERE state != 'pending' AND received_at < ?", now - RETENTION.settledInboundMs);
  stores.history.trim(now - RETENTION.historyMs);
  stores.handoffLog.deleteBefore(now - RETENTION.historyMs);
  // The brain's summary condenses history: it goes when the history it came from has gone.
  if (stores.history.recent(1).length === 0) {
    stores.meta.delete("summary");
    stores.meta.delete("summary_through_at");
  }
  sql.exec(
    "DELETE FROM outbox WHERE state IN ('sent', 'cancelled', 'moved') AND created_at < ?",
    now - RETENTION.sentOutboxMs,
  );
  sql.exec("DELETE FROM outbox WHERE state IN ('dead', 'expired') AND created_at < ?", now - RETENTION.failedOutboxMs);
  stores.profileUpdates.deleteSettledBefore(now - RETENTION.sentOutboxMs);
  stores.timers.set("retention", now + RETENTION.sweepEveryMs, 0);
  return false;
}

/**
 * Deletes the object's storage and, with our compatibility date (2026-02-24 or later), its alarm. An opt-out
 * outlives the erasure: forgetting it would let the bot write to someone who said STOP; only then does the
 * object keep its (empty) tables.
 */
async function erase(storage: DurableObjectStorage, stores: ConversationStores): Promise<true> {
  const optedOutAt = stores.meta.get("opted_out");
  await storage.deleteAll();
  if (optedOutAt !== undefined) {
    migrate(storage.sql);
    stores.meta.set("opted_out", optedOutAt);
  }
  return true;
}
