// The conversation context the model sees: customer and assistant turns, oldest first, bounded.
export type HistoryRole = "customer" | "assistant";

export interface HistoryTurn {
  role: HistoryRole;
  text: string;
  at: number;
}

/** Kept in storage; what reaches a prompt is bounded again by the model's own budget. */
export const HISTORY_KEEP = 100;

export class HistoryStore {
  constructor(private readonly sql: SqlStorage) {}

  add(role: HistoryRole, text: string, at: number): void {
    this.sql.exec("INSERT INTO history (role, text, at) VALUES (?, ?, ?)", role, text, at);
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
