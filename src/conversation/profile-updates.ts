// Custom attributes and events for the customer's Braze profile (chat facts, the handoff status), on their own
// lane: a failing /users/track never blocks, delays or loses a reply, because the outbox never waits for it.
// Braze bills data points, so an attribute is queued only when its value changed; values are absolute (a
// retried call must not double-count, so no `inc`); strings are cut to Braze's 255 characters.
import type { ProfileAttributeValue, ProfileEvent } from "../pipeline/types";

/** Braze: string attribute values and key names at most 255 characters. */
export const BRAZE_MAX_STRING = 255;
/** Braze: at most 75 objects (attributes + events + purchases) in one /users/track request. */
export const BRAZE_MAX_OBJECTS_PER_TRACK = 75;

export interface ProfileUpdate {
  attributes: Record<string, ProfileAttributeValue>;
  events: (ProfileEvent & { time: number })[];
}

export interface PendingProfileUpdates extends ProfileUpdate {
  ids: number[];
  attempts: number;
  notBefore: number;
}

/** Braze rejects keys with spaces, "." or "$" (nested attributes); such a key is a configuration mistake. */
export function isValidProfileKey(key: string): boolean {
  return key.length > 0 && key.length <= BRAZE_MAX_STRING && !/[\s.$]/.test(key);
}

/** Cuts a string to Braze's limit on a code-point boundary (never half a surrogate pair). */
export function fitBrazeString(value: string): string {
  if (value.length <= BRAZE_MAX_STRING) return value;
  const cut = Array.from(value.slice(0, BRAZE_MAX_STRING + 1));
  let text = "";
  for (const char of cut) {
    if (text.length + char.length > BRAZE_MAX_STRING) break;
    text += char;
  }
  return text;
}

function fitValue(value: ProfileAttributeValue): ProfileAttributeValue {
  return typeof value === "string" ? fitBrazeString(value) : value;
}

interface StoredRow extends Record<string, SqlStorageValue> {
  id: number;
  attributes: string;
  events: string;
  attempts: number;
  not_before: number;
}

export class ProfileUpdateStore {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Queues what changed; returns the rejected keys/event names (logged by the caller). Unchanged attributes
   * are dropped here, against the last value queued for this profile.
   */
  queue(
    update: { attributes?: Record<string, ProfileAttributeValue>; events?: readonly ProfileEvent[] },
    at: number,
  ): { queued: boolean; rejected: string[] } {
    const rejected: string[] = [];
    const attributes: Record<string, ProfileAttributeValue> = {};
    for (const [key, raw] of Object.entries(update.attributes ?? {})) {
      if (!isValidProfileKey(key)) {
        rejected.push(key);
        continue;
      }
      const value = fitValue(raw);
      const encoded = JSON.stringify(value);
      const known = this.sql
        .exec<{ value: string }>("SELECT value FROM profile_known WHERE key = ?", key)
        .toArray()[0]?.value;
      if (known === encoded) continue;
      this.sql.exec(
        "INSERT INTO profile_known (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        encoded,
      );
      attributes[key] = value;
    }
    const events: ProfileUpdate["events"] = [];
    for (const event of update.events ?? []) {
      const badProperty = Object.keys(event.properties ?? {}).find((key) => !isValidProfileKey(key));
      if (!isValidProfileKey(event.name) || badProperty !== undefined) {
        rejected.push(badProperty === undefined ? event.name : `${event.name}.${badProperty}`);
        continue;
      }
      const properties = event.properties
        ? Object.fromEntries(Object.entries(event.properties).map(([k, v]) => [k, fitValue(v)]))
        : undefined;
      events.push({ name: event.name, ...(properties ? { properties } : {}), time: at });
    }
    if (Object.keys(attributes).length === 0 && events.length === 0) return { queued: false, rejected };
    // Attributes and events go in separate rows: attributes may ride on the next reply's trigger/send, which
    // cannot carry events (those always take /users/track).
    if (Object.keys(attributes).length > 0) this.insert(attributes, [], at);
    // At most 74 events a row (room for one attributes object): a /users/track request never needs to cut one.
    for (let i = 0; i < events.length; i += BRAZE_MAX_OBJECTS_PER_TRACK - 1) {
      this.insert({}, events.slice(i, i + BRAZE_MAX_OBJECTS_PER_TRACK - 1), at);
    }
    return { queued: true, rejected };
  }

  private insert(attributes: ProfileUpdate["attributes"], events: ProfileUpdate["events"], at: number): void {
    this.sql.exec(
      `INSERT INTO profile_updates (attributes, events, state, attempts, not_before, created_at)
       VALUES (?, ?, 'pending', 0, ?, ?)`,
      JSON.stringify(attributes),
      JSON.stringify(events),
      at,
      at,
    );
  }

  /**
   * Every pending attribute row folded into one attributes object (a later value wins), for the reply's own
   * trigger/send; `oldestAt` lets the /users/track lane stop waiting for a reply that is slow to go.
   */
  pendingAttributes(): { ids: number[]; attributes: ProfileUpdate["attributes"]; oldestAt: number } | undefined {
    const rows = this.sql
      .exec<StoredRow & { created_at: number }>(
        "SELECT id, attributes, created_at FROM profile_updates WHERE state = 'pending' AND attributes != '{}' AND events = '[]' ORDER BY id",
      )
      .toArray();
    if (rows.length === 0) return undefined;
    const attributes: ProfileUpdate["attributes"] = {};
    for (const row of rows) Object.assign(attributes, JSON.parse(row.attributes) as ProfileUpdate["attributes"]);
    return { ids: rows.map((r) => r.id), attributes, oldestAt: rows[0]?.created_at ?? 0 };
  }

  /**
   * The pending updates folded into one /users/track request: attributes merged (a later value wins), events
   * in order, at most BRAZE_MAX_OBJECTS_PER_TRACK objects (the rest waits for the next call). Without
   * `attributes`, only event rows (the attributes wait to ride on a reply).
   */
  nextBatch(options: { attributes: boolean } = { attributes: true }): PendingProfileUpdates | undefined {
    const rows = this.sql
      .exec<StoredRow>(
        `SELECT id, attributes, events, attempts, not_before FROM profile_updates
         WHERE state = 'pending' ${options.attributes ? "" : "AND attributes = '{}'"} ORDER BY id`,
      )
      .toArray();
    if (rows.length === 0) return undefined;
    const batch: PendingProfileUpdates = { ids: [], attributes: {}, events: [], attempts: 0, notBefore: 0 };
    for (const row of rows) {
      const events = JSON.parse(row.events) as ProfileUpdate["events"];
      const attributes = JSON.parse(row.attributes) as ProfileUpdate["attributes"];
      const objects = (Object.keys({ ...batch.attributes, ...attributes }).length > 0 ? 1 : 0) + batch.events.length;
      if (batch.ids.length > 0 && objects + events.length > BRAZE_MAX_OBJECTS_PER_TRACK) break;
      batch.ids.push(row.id);
      Object.assign(batch.attributes, attributes);
      batch.events.push(...events);
      batch.attempts = Math.max(batch.attempts, row.attempts);
      batch.notBefore = Math.max(batch.notBefore, row.not_before);
    }
    return batch;
  }

  markSent(ids: readonly number[], at: number): void {
    for (const id of ids) this.sql.exec("UPDATE profile_updates SET state = 'sent', sent_at = ? WHERE id = ?", at, id);
  }

  reschedule(ids: readonly number[], notBefore: number, error: string): void {
    for (const id of ids) {
      this.sql.exec(
        "UPDATE profile_updates SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?",
        notBefore,
        error,
        id,
      );
    }
  }

  /** A permanent failure: kept for inspection; the attributes are forgotten so a later change is sent again. */
  markDead(ids: readonly number[], attributeKeys: readonly string[], error: string): void {
    for (const id of ids) {
      this.sql.exec("UPDATE profile_updates SET state = 'dead', last_error = ? WHERE id = ?", error, id);
    }
    for (const key of attributeKeys) this.sql.exec("DELETE FROM profile_known WHERE key = ?", key);
  }

  hasPending(): boolean {
    return this.sql.exec("SELECT 1 FROM profile_updates WHERE state = 'pending' LIMIT 1").toArray().length > 0;
  }

  countByState(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.sql
      .exec<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM profile_updates GROUP BY state")
      .toArray())
      counts[row.state] = row.n;
    return counts;
  }

  deleteSettledBefore(at: number): void {
    this.sql.exec("DELETE FROM profile_updates WHERE state != 'pending' AND created_at < ?", at);
  }
}
