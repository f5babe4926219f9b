// Inbound customer messages, in arrival order, and the dedupe records that make Braze's retries harmless.
import type { MessageOutcome } from "../pipeline/types";

/** pending until a turn handles it, then its outcome (see MessageOutcome), or moved to another conversation. */
export type InboundState = "pending" | "moved" | MessageOutcome;

export interface InboundRow {
  seq: number;
  received_at: number;
  text: string;
  media_urls: string;
  language: string | null;
  state: InboundState;
  request_id: string | null;
  /** The flow /webhooks/whatsapp/<flow-id> asked to start with this message. */
  start_flow: string | null;
}

export interface NewInbound {
  receivedAt: number;
  text: string;
  mediaUrls: string[];
  language: string | undefined;
  requestId: string;
  startFlow?: string;
}

export class InboxStore {
  constructor(private readonly sql: SqlStorage) {}

  /** True when this key was seen and its dedupe window has not passed. */
  isDuplicate(key: string, now: number): boolean {
    const row = this.sql.exec<{ until: number }>("SELECT until FROM dedupe WHERE key = ?", key).toArray()[0];
    return row !== undefined && row.until > now;
  }

  remember(key: string, until: number): void {
    this.sql.exec(
      "INSERT INTO dedupe (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = MAX(dedupe.until, excluded.until)",
      key,
      until,
    );
  }

  add(message: NewInbound): number {
    return this.sql
      .exec<{ seq: number }>(
        "INSERT INTO inbound (received_at, text, media_urls, language, state, request_id, start_flow) VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING seq",
        message.receivedAt,
        message.text,
        JSON.stringify(message.mediaUrls),
        message.language ?? null,
        message.requestId,
        message.startFlow ?? null,
      )
      .one().seq;
  }

  /**
   * What scheduling needs without loading the pending messages: when the first and last arrived, and the
   * short texts (a command is never long), so a webhook costs the same however many messages wait.
   */
  pendingSummary(maxCommandLength: number): { firstAt: number; lastAt: number; shortTexts: string[] } | undefined {
    const bounds = this.sql
      .exec<{ first_at: number | null; last_at: number | null }>(
        "SELECT MIN(received_at) AS first_at, MAX(received_at) AS last_at FROM inbound WHERE state = 'pending'",
      )
      .one();
    if (bounds.first_at === null || bounds.last_at === null) return undefined;
    const shortTexts = this.sql
      .exec<{ text: string }>(
        "SELECT text FROM inbound WHERE state = 'pending' AND length(text) <= ? ORDER BY seq",
        maxCommandLength,
      )
      .toArray()
      .map((r) => r.text);
    return { firstAt: bounds.first_at, lastAt: bounds.last_at, shortTexts };
  }

  pending(): InboundRow[] {
    return this.sql
      .exec<InboundRow & Record<string, SqlStorageValue>>("SELECT * FROM inbound WHERE state = 'pending' ORDER BY seq")
      .toArray();
  }

  /** Marks these messages as handled, if they are still pending (a message is handled once). */
  settle(seqs: readonly number[], outcome: MessageOutcome): InboundRow[] {
    const settled: InboundRow[] = [];
    for (const seq of seqs) {
      settled.push(
        ...this.sql
          .exec<InboundRow & Record<string, SqlStorageValue>>(
            "UPDATE inbound SET state = ? WHERE seq = ? AND state = 'pending' RETURNING *",
            outcome,
            seq,
          )
          .toArray(),
      );
    }
    return settled;
  }

  dedupeRecords(now: number): { key: string; until: number }[] {
    return this.sql
      .exec<{ key: string; until: number }>("SELECT key, until FROM dedupe WHERE until > ?", now)
      .toArray();
  }
}
