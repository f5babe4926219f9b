// Intake notes: problems with the operator's Braze webhook template seen across all conversations, for
// GET /admin/intake (and the doctor command). Kept by the one operator index object (dead-letter-index.ts)
// rather than a new Durable Object class, which would need a wrangler migration; written at most once per
// conversation a day.
export const INTAKE_NOTE_NAMES = ["missing_message_id", "protected_fields_after_message"] as const;
/**
 * missing_message_id: retries are recognised by text only. protected_fields_after_message: identity, routing,
 * timing or dedupe fields came after the message in a body not declared escaped and were ignored (the
 * template's order, or a customer typing them: README "Webhook body").
 */
export type IntakeNoteName = (typeof INTAKE_NOTE_NAMES)[number];

export interface IntakeNote {
  firstSeenAt: number;
  lastSeenAt: number;
  /** How many times a conversation reported it (each conversation at most once a day). */
  reports: number;
}

/** A note counts as current for a day: each conversation reports at most once a day. */
export const INTAKE_NOTE_RECENT_MS = 24 * 60 * 60 * 1000;

export class IntakeNotesTable {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS intake_notes (
         name TEXT PRIMARY KEY, first_seen_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, reports INTEGER NOT NULL
       )`,
    );
  }

  note(name: IntakeNoteName, at: number): void {
    this.sql.exec(
      `INSERT INTO intake_notes (name, first_seen_at, last_seen_at, reports) VALUES (?, ?, ?, 1)
       ON CONFLICT (name) DO UPDATE SET last_seen_at = MAX(last_seen_at, excluded.last_seen_at), reports = reports + 1`,
      name,
      at,
      at,
    );
  }

  all(): Partial<Record<IntakeNoteName, IntakeNote>> {
    const notes: Partial<Record<IntakeNoteName, IntakeNote>> = {};
    const rows = this.sql
      .exec<{ name: IntakeNoteName; first_seen_at: number; last_seen_at: number; reports: number }>(
        "SELECT * FROM intake_notes",
      )
      .toArray();
    for (const row of rows) {
      notes[row.name] = { firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at, reports: row.reports };
    }
    return notes;
  }
}

/** The admin API's view: ISO times, and whether each note is current (seen within a day); null if never seen. */
export function intakeReport(notes: Partial<Record<IntakeNoteName, IntakeNote>>, now: number) {
  const view = (note: IntakeNote | undefined) =>
    note
      ? {
          first_seen_at: new Date(note.firstSeenAt).toISOString(),
          last_seen_at: new Date(note.lastSeenAt).toISOString(),
          reports: note.reports,
          recent: now - note.lastSeenAt < INTAKE_NOTE_RECENT_MS,
        }
      : null;
  return Object.fromEntries(INTAKE_NOTE_NAMES.map((name) => [name, view(notes[name])])) as Record<
    IntakeNoteName,
    ReturnType<typeof view>
  >;
}
