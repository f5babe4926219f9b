// Every chat-status transition of the conversation (docs/handoff.md), oldest first: what the agent transcript
// shows as system lines and what an operator reads to explain who held a conversation when.
import type { ChatStatus } from "../pipeline/types";

export interface HandoffLogRow {
  id: number;
  at: number;
  from_status: ChatStatus;
  to_status: ChatStatus;
  reason: string | null;
  agent_id: string | null;
  agent_name: string | null;
}

export interface NewHandoffLogRow {
  at: number;
  from: ChatStatus;
  to: ChatStatus;
  reason: string | null;
  agentId: string | null;
  agentName: string | null;
}

export class HandoffLogStore {
  constructor(private readonly sql: SqlStorage) {}

  add(row: NewHandoffLogRow): void {
    this.sql.exec(
      "INSERT INTO handoff_log (at, from_status, to_status, reason, agent_id, agent_name) VALUES (?, ?, ?, ?, ?, ?)",
      row.at,
      row.from,
      row.to,
      row.reason,
      row.agentId,
      row.agentName,
    );
  }

  /** The newest transitions, oldest first. */
  recent(limit: number): HandoffLogRow[] {
    return this.sql
      .exec<HandoffLogRow & Record<string, SqlStorageValue>>(
        "SELECT * FROM (SELECT * FROM handoff_log ORDER BY id DESC LIMIT ?) ORDER BY id",
        limit,
      )
      .toArray();
  }

  /** Kept as long as the conversation's history (docs/storage.md). */
  deleteBefore(at: number): void {
    this.sql.exec("DELETE FROM handoff_log WHERE at < ?", at);
  }
}
