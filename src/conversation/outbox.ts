// What waits to go to Braze for this customer, one row each, sent strictly in id order: reply parts, the
// STOP/START notices, and subscription changes (which must follow or precede a notice, so they share the queue).
// States: pending -> sending (recorded before the call) -> sent; or dead (can never succeed as configured,
// replayable), held (past WhatsApp's 24-hour window: back to pending when the customer writes again),
// expired (a STOP notice past the window), cancelled, moved (handed to another conversation).
export type OutboxState = "pending" | "sending" | "sent" | "dead" | "held" | "expired" | "cancelled" | "moved";
/**
 * bot_reply: a message from the assistant, START's confirmation included (never sent while opted out).
 * compliance_notice: the STOP confirmation, the one message sent to an opted-out customer (and only then).
 * subscription_change: not a message; `campaign_id` holds the subscription group id, `text` the new state.
 * agent_reply: a person's reply from the agent inbox (BRAZE_AGENT_REPLY_CAMPAIGN_ID), same guarantees.
 * reengagement: the fixed Meta-approved template (BRAZE_TEMPLATE_CAMPAIGN_ID), the one message allowed
 *   outside the 24-hour window; it carries no free text.
 */
export type OutboxKind = "bot_reply" | "compliance_notice" | "subscription_change" | "agent_reply" | "reengagement";

/** Kinds that speak for the business in the conversation: held past the window, never sent after STOP. */
export const CONVERSATION_KINDS: ReadonlySet<OutboxKind> = new Set(["bot_reply", "agent_reply"]);

export function isMessage(row: Pick<OutboxRow, "kind">): boolean {
  return row.kind !== "subscription_change";
}

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  campaign_id: string;
  text: string;
  part: number;
  parts: number;
  state: OutboxState;
  attempts: number;
  ambiguous_attempts: number;
  not_before: number;
  created_at: number;
  sent_at: number | null;
  dispatch_id: string | null;
  last_error: string | null;
  answers_seq: number | null;
  state_before_move: OutboxState | null;
  /** JSON array of quick-reply labels (only on the last part of a reply sent through a button campaign). */
  buttons: string | null;
  history_id: number | null;
}

export interface NewOutboxPart {
  kind: OutboxKind;
  campaignId: string;
  text: string;
  part: number;
  parts: number;
  notBefore: number;
  answersSeq: number | null;
  /** Quick-reply labels, already checked against WhatsApp's limits (src/braze/buttons.ts). */
  buttons?: readonly string[];
  /** The history row this part delivers (its delivery state shows in the agent transcript). */
  historyId?: number | null;
}

type Row = OutboxRow & Record<string, SqlStorageValue>;

export class OutboxStore {
  constructor(private readonly sql: SqlStorage) {}

  add(part: NewOutboxPart, now: number): number {
    return this.sql
      .exec<{ id: number }>(
        `INSERT INTO outbox (kind, campaign_id, text, part, parts, state, not_before, created_at, answers_seq, buttons,
           history_id)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?) RETURNING id`,
        part.kind,
        part.campaignId,
        part.text,
        part.part,
        part.parts,
        part.notBefore,
        now,
        part.answersSeq,
        part.buttons && part.buttons.length > 0 ? JSON.stringify(part.buttons) : null,
        part.historyId ?? null,
      )
      .one().id;
  }

  /** The next part to deliver: the oldest one not yet settled. A part left in "sending" comes first. */
  head(): OutboxRow | undefined {
    return this.sql
      .exec<Row>("SELECT * FROM outbox WHERE state IN ('pending', 'sending') ORDER BY id LIMIT 1")
      .toArray()[0];
  }

  /** While a part is "sending", not_before holds when that attempt started (an interrupted one waits from it). */
  markSending(id: number, startedAt: number): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, not_before = ? WHERE id = ?",
      startedAt,
      id,
    );
  }

  markSent(id: number, dispatchId: string | undefined, at: number): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'sent', sent_at = ?, dispatch_id = ?, last_error = NULL WHERE id = ?",
      at,
      dispatchId ?? null,
      id,
    );
  }

  /** Back to pending after a failure that may be retried, not before `notBefore`. */
  reschedule(id: number, notBefore: number, error: string, ambiguous: boolean): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'pending', not_before = ?, last_error = ?, ambiguous_attempts = ambiguous_attempts + ? WHERE id = ?",
      notBefore,
      error,
      ambiguous ? 1 : 0,
      id,
    );
  }

  settle(id: number, state: "dead" | "held" | "expired" | "cancelled", error: string): void {
    this.sql.exec("UPDATE outbox SET state = ?, last_error = ? WHERE id = ?", state, error, id);
  }

  /**
   * Cancels everything not yet handed to Braze: replies, an earlier START's confirmation and subscription
   * change (a STOP supersedes them). A row mid-send cannot be recalled; delivery's opt-out gate handles it.
   */
  cancelPending(reason: string): number {
    return this.sql
      .exec("UPDATE outbox SET state = 'cancelled', last_error = ? WHERE state = 'pending' RETURNING id", reason)
      .toArray().length;
  }

  /** The oldest subscription change still to send: it may overtake a message stuck in retries. */
  nextSubscriptionChange(): OutboxRow | undefined {
    return this.sql
      .exec<Row>(
        "SELECT * FROM outbox WHERE state IN ('pending', 'sending') AND kind = 'subscription_change' ORDER BY id LIMIT 1",
      )
      .toArray()[0];
  }

  /** Holds every waiting row until at least `until` (after a re-subscription, while Braze applies it). */
  postponePending(until: number): void {
    this.sql.exec("UPDATE outbox SET not_before = MAX(not_before, ?) WHERE state = 'pending'", until);
  }

  /** Whether an assistant reply waits to be sent: pending chat facts can ride on it (docs/braze-campaigns.md). */
  hasPendingReply(): boolean {
    return (
      this.sql
        .exec("SELECT 1 FROM outbox WHERE state IN ('pending', 'sending') AND kind = 'bot_reply' LIMIT 1")
        .toArray().length > 0
    );
  }

  /** When the last message (not a subscription change) went to Braze. */
  lastMessageSentAt(): number | undefined {
    return (
      this.sql
        .exec<{ at: number | null }>(
          "SELECT MAX(sent_at) AS at FROM outbox WHERE state = 'sent' AND kind != 'subscription_change'",
        )
        .toArray()[0]?.at ?? undefined
    );
  }

  /** Puts dead letters back in line, in their original order, once the configuration is fixed. */
  replayDead(now: number): number {
    return this.sql
      .exec("UPDATE outbox SET state = 'pending', attempts = 0, not_before = ? WHERE state = 'dead' RETURNING id", now)
      .toArray().length;
  }

  /** The customer wrote: held texts go out again, in their original order (before anything queued later). */
  releaseHeld(now: number): number {
    return this.sql
      .exec(
        "UPDATE outbox SET state = 'pending', not_before = ?, last_error = NULL WHERE state = 'held' RETURNING id",
        now,
      )
      .toArray().length;
  }

  /** Whether a re-engagement template was already queued or sent since the customer's last message. */
  reengagementSince(at: number): boolean {
    return (
      this.sql
        .exec(
          "SELECT 1 FROM outbox WHERE kind = 'reengagement' AND created_at >= ? AND state NOT IN ('cancelled', 'moved') LIMIT 1",
          at,
        )
        .toArray().length > 0
    );
  }

  /** The states of the parts delivering these history rows. */
  partStates(historyIds: readonly number[]): Map<number, OutboxState[]> {
    const states = new Map<number, OutboxState[]>();
    if (historyIds.length === 0) return states;
    const rows = this.sql
      .exec<{ history_id: number; state: OutboxState }>(
        `SELECT history_id, state FROM outbox WHERE history_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
        JSON.stringify(historyIds),
      )
      .toArray();
    for (const row of rows) states.set(row.history_id, [...(states.get(row.history_id) ?? []), row.state]);
    return states;
  }

  /** A fingerprint of agent-visible delivery states, to tell the agent hub only when one changed. */
  deliveryFingerprint(agentRepliesOnly: boolean): string {
    const filter = agentRepliesOnly ? "kind = 'agent_reply'" : "history_id IS NOT NULL OR kind = 'reengagement'";
    return this.sql
      .exec<{ state: string; n: number }>(
        `SELECT state, COUNT(*) AS n FROM outbox WHERE ${filter} GROUP BY state ORDER BY state`,
      )
      .toArray()
      .map((r) => `${r.state}:${r.n}`)
      .join(",");
  }

  unsettled(): OutboxRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM outbox WHERE state IN ('pending', 'sending', 'dead') ORDER BY id")
      .toArray();
  }

  all(): OutboxRow[] {
    return this.sql.exec<Row>("SELECT * FROM outbox ORDER BY id").toArray();
  }

  countByState(): Record<string, number> {
    const rows = this.sql
      .exec<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
      .toArray();
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
