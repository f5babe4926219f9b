// The conversation Durable Object's SQLite schema and its migrations. Each migration runs once, in order,
// inside the constructor's blockConcurrencyWhile; the applied version is kept in `meta`.
// Every table, key and retention is documented in docs/storage.md: keep the two in step.
import { FORWARDING_WINDOW_MS } from "./forwarding";

/** SQL, or a function for a data migration that needs the clock. */
type Migration = string | ((sql: SqlStorage, now: number) => void);

const MIGRATIONS: Migration[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE dedupe (key TEXT PRIMARY KEY, until INTEGER NOT NULL);
   CREATE TABLE inbound (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     received_at INTEGER NOT NULL,
     text TEXT NOT NULL,
     media_urls TEXT NOT NULL,
     language TEXT,
     state TEXT NOT NULL,
     request_id TEXT
   );
   CREATE INDEX inbound_state ON inbound (state, seq);
   CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL);
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     campaign_id TEXT NOT NULL,
     text TEXT NOT NULL,
     part INTEGER NOT NULL,
     parts INTEGER NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     ambiguous_attempts INTEGER NOT NULL DEFAULT 0,
     not_before INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     sent_at INTEGER,
     dispatch_id TEXT,
     last_error TEXT,
     answers_seq INTEGER,
     state_before_move TEXT
   );
   CREATE INDEX outbox_state ON outbox (state, id);
   CREATE TABLE timers (name TEXT PRIMARY KEY, due_at INTEGER NOT NULL, attempt INTEGER NOT NULL DEFAULT 0);`,
  // Braze profile updates (src/conversation/profile-updates.ts) and the last value queued per attribute.
  `CREATE TABLE profile_updates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     attributes TEXT NOT NULL,
     events TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     not_before INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     sent_at INTEGER,
     last_error TEXT
   );
   CREATE INDEX profile_updates_state ON profile_updates (state, id);
   CREATE TABLE profile_known (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Quick-reply buttons of a reply part (JSON array of labels; NULL = none), sent through a button campaign.
  `ALTER TABLE outbox ADD COLUMN buttons TEXT;`,
  // Multi-step flows (src/flows, src/conversation/flow-state.ts): where the customer is (one row), and the
  // "start flow X" marker of a message that came in on /webhooks/whatsapp/<flow-id>.
  `CREATE TABLE flow_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     flow_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     step TEXT NOT NULL,
     answers TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     response TEXT,
     language TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     last_activity_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   ALTER TABLE inbound ADD COLUMN start_flow TEXT;`,
  // Live-agent handoff (docs/handoff.md): who wrote an agent message, which history row an outbox part
  // delivers (the transcript's delivery state), and every chat-status transition.
  `ALTER TABLE history ADD COLUMN agent_id TEXT;
   ALTER TABLE history ADD COLUMN agent_name TEXT;
   ALTER TABLE outbox ADD COLUMN history_id INTEGER;
   CREATE INDEX outbox_history ON outbox (history_id);
   CREATE TABLE handoff_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     from_status TEXT NOT NULL,
     to_status TEXT NOT NULL,
     reason TEXT,
     agent_id TEXT,
     agent_name TEXT
   );`,
  // Phone forwarding expires (src/conversation/forwarding.ts): a number moved before this release forwards for
  // one more window from the upgrade (its move time was never stored), then its retention timer erases it.
  (sql, now) => {
    if (sql.exec("SELECT 1 FROM meta WHERE key = 'moved_to'").toArray().length === 0) return;
    sql.exec("INSERT INTO meta (key, value) VALUES ('moved_at', ?) ON CONFLICT (key) DO NOTHING", String(now));
    sql.exec(
      `INSERT INTO timers (name, due_at, attempt) VALUES ('retention', ?, 0)
       ON CONFLICT (name) DO UPDATE SET due_at = excluded.due_at, attempt = 0`,
      now + FORWARDING_WINDOW_MS,
    );
  },
];

/** Whether this object ever stored anything (a brand-new object has no tables yet). */
export function hasSchema(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
}

/** Applies the migrations not yet applied, up to `target` (all of them; tests stage older versions). */
export function migrate(sql: SqlStorage, target = MIGRATIONS.length): void {
  sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  for (let version = applied; version < Math.min(target, MIGRATIONS.length); version++) {
    const migration = MIGRATIONS[version] ?? "";
    if (typeof migration === "string") sql.exec(migration);
    else migration(sql, Date.now());
    sql.exec(
      "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      String(version + 1),
    );
  }
}
