// The conversation context the model sees: customer, assistant and agent turns, oldest first, bounded.
// An agent's messages are context for the bot after a hand-back (prompts show them as the business's side).
export type HistoryRole = "customer" | "assistant" | "agent";

export interface HistoryTurn {
  role: HistoryRole;
  text: string;
  at: number;
}

export interface HistoryRow extends HistoryTurn {
  id: number;
  agent_id: string | null;
  agent_name: string | null;
}

/** Kept in storage; what reaches a prompt is bounded again by the model's own budget. */
export const HISTORY_KEEP = 100;

export class HistoryStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Returns the row id (agent transcripts link outbox parts to it for their delivery state). */
  add(role: HistoryRole, text: string, at: number, agent?: { id: string; name: string }): number {
    return this.sql
      .exec<{ id: number }>(
        "INSERT INTO history (role, text, at, agent_id, agent_name) VALUES (?, ?, ?, ?, ?) RETURNING id",
        role,
        text,
        at,
        agent?.id ?? null,
        agent?.name ?? null,
      )
      .one().id;
  }

  /** The most recent turns, oldest first. */
  recent(limit: number): HistoryTurn[] {
    return this.sql
      .exec<{ role: HistoryRole; text: string; at: number }>(
        "SELECT role, text, at FROM (SELECT * FROM history ORDER BY id DESC LIMIT ?) ORDER BY id",
        limit,
      )
      .toArray();
  }

  /** The most recent rows with their ids and agent identity, oldest first (the agent transcript). */
  recentRows(limit: number): HistoryRow[] {
    return this.sql
      .exec<HistoryRow & Record<string, SqlStorageValue>>(
        "SELECT id, role, text, at, agent_id, agent_name FROM (SELECT * FROM history ORDER BY id DESC LIMIT ?) ORDER BY id",
        limit,
      )
      .toArray();
  }

  /** Drops all but the newest HISTORY_KEEP turns and anything older than `olderThan`. */
  trim(olderThan: number): void {
    this.sql.exec(
      "DELETE FROM history WHERE at < ? OR id <= (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)",
      olderThan,
      HISTORY_KEEP,
    );
  }

  clear(): void {
    this.sql.exec("DELETE FROM history");
  }
}
