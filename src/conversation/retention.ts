// Storage retention (docs/storage.md): settled rows are kept long enough to dedupe retries and explain what
// happened, then deleted; a conversation idle for INACTIVE_DELETE_MS is erased entirely.
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

/** Returns true when the whole conversation was erased. */
export async function sweep(storage: DurableObjectStorage, stores: ConversationStores, now: number): Promise<boolean> {
  const sql = storage.sql;
  const lastActivity = stores.meta.getNumber("last_activity_at") ?? now;
  const busy = stores.inbox.pending().length > 0 || stores.outbox.unsettled().some((row) => row.state !== "dead");
  if (now - lastActivity > RETENTION.inactiveDeleteMs && !busy) {
    // An opt-out outlives the erasure: forgetting it would let the bot write to someone who said STOP.
    const optedOutAt = stores.meta.get("opted_out");
    await storage.deleteAll();
    migrate(sql); // the instance may live on and receive the customer's next message
    if (optedOutAt !== undefined) stores.meta.set("opted_out", optedOutAt);
    return true;
  }
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
