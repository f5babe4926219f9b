// One Durable Object has one alarm; this table lets several features keep their own deadlines.
// The alarm is always set to the earliest due timer (never "only if none is set": a stale alarm would strand
// work). Each timer's handler clears or re-arms its own timer from the data, so a crash mid-handler simply
// leaves the timer due and the work is redone.
export type TimerName = "turn" | "outbox" | "profile" | "retention" | "flow" | "handoff";

export interface Timer {
  name: TimerName;
  due_at: number;
  attempt: number;
}

export class TimerStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {}

  get(name: TimerName): Timer | undefined {
    return this.sql
      .exec<{ name: TimerName; due_at: number; attempt: number }>("SELECT * FROM timers WHERE name = ?", name)
      .toArray()[0];
  }

  due(now: number): Timer[] {
    return this.sql
      .exec<{ name: TimerName; due_at: number; attempt: number }>(
        // A turn runs before delivery when both are due: a STOP must cancel replies before they are sent.
        "SELECT * FROM timers WHERE due_at <= ? ORDER BY CASE name WHEN 'turn' THEN 0 ELSE 1 END, due_at",
        now,
      )
      .toArray();
  }

  /** Sets a timer's due time, keeping its attempt count unless one is given. */
  set(name: TimerName, dueAt: number, attempt?: number): void {
    this.sql.exec(
      `INSERT INTO timers (name, due_at, attempt) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET due_at = excluded.due_at, attempt = COALESCE(?, timers.attempt)`,
      name,
      dueAt,
      attempt ?? 0,
      attempt ?? null,
    );
  }

  /** Moves a timer earlier only: a burst of events never postpones work already due. */
  setNoLaterThan(name: TimerName, dueAt: number): void {
    const current = this.get(name);
    if (!current || current.due_at > dueAt) this.set(name, dueAt);
  }

  clear(name: TimerName): void {
    this.sql.exec("DELETE FROM timers WHERE name = ?", name);
  }

  /** Points the Durable Object's one alarm at the earliest timer. */
  async arm(): Promise<void> {
    const next =
      this.sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM timers").toArray()[0]?.due ?? null;
    const current = await this.storage.getAlarm();
    if (next === null) {
      if (current !== null) await this.storage.deleteAlarm();
      return;
    }
    if (current !== next) await this.storage.setAlarm(next);
  }
}
