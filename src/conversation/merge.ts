// Carrying a conversation over from a phone-keyed Durable Object (a number Braze did not know yet) to the
// external_id-keyed one, once Braze knows the customer. Export is idempotent (the exported rows are marked
// "moved" and exported again on a repeat call) so a crash between export and import loses nothing. The
// phone-keyed object then forwards for a limited time (forwarding.ts).
import { exportHandoff, type HandoffSnapshot } from "../handoff/moves";
import { startForwarding } from "./forwarding";
import type { HistoryTurn } from "./history";
import type { OutboxRow } from "./outbox";
import type { ConversationStores } from "./stores";

export interface ConversationSnapshot {
  phone: string | undefined;
  brazeId: string | undefined;
  language: string | undefined;
  lastCustomerMessageAt: number | undefined;
  /** When the number opted out (STOP) and has not opted back in: the opt-out follows the customer. */
  optedOutAt: number | undefined;
  dedupe: { key: string; until: number }[];
  inbound: {
    received_at: number;
    text: string;
    media_urls: string;
    language: string | null;
    request_id: string | null;
    start_flow: string | null;
  }[];
  history: HistoryTurn[];
  outbox: OutboxRow[];
  /** A handoff in progress (waiting or claimed), imported by the conversation (src/handoff/moves.ts). */
  handoff?: HandoffSnapshot;
}

type Sql = SqlStorage;

/** Runs on the phone-keyed conversation: stop serving it and hand over everything not yet settled. */
export function exportForMove(
  sql: Sql,
  stores: ConversationStores,
  movedTo: string,
  now: number,
): ConversationSnapshot {
  startForwarding(stores, movedTo, now);
  sql.exec("UPDATE inbound SET state = 'moved' WHERE state = 'pending'");
  sql.exec(
    "UPDATE outbox SET state = 'moved', state_before_move = state WHERE state IN ('pending', 'sending', 'dead', 'held')",
  );
  // Nothing may act for a moved conversation: the new one owns its replies, flow, handoff and profile updates.
  for (const name of ["turn", "outbox", "flow", "handoff", "profile"] as const) stores.timers.clear(name);
  return {
    phone: stores.meta.get("phone"),
    brazeId: stores.meta.get("braze_id"),
    language: stores.meta.get("language"),
    lastCustomerMessageAt: stores.meta.getNumber("last_customer_message_at"),
    optedOutAt: stores.meta.getNumber("opted_out"),
    handoff: exportHandoff(stores),
    dedupe: stores.inbox.dedupeRecords(now),
    inbound: sql
      .exec<ConversationSnapshot["inbound"][number]>(
        "SELECT received_at, text, media_urls, language, request_id, start_flow FROM inbound WHERE state = 'moved' ORDER BY seq",
      )
      .toArray(),
    history: stores.history.recent(1000),
    outbox: sql
      .exec<OutboxRow & Record<string, SqlStorageValue>>("SELECT * FROM outbox WHERE state = 'moved' ORDER BY id")
      .toArray(),
  };
}

/** Runs on the external_id-keyed conversation, once per phone: everything imported lands before new messages. */
export function importMoved(sql: Sql, stores: ConversationStores, snapshot: ConversationSnapshot): void {
  for (const { key, until } of snapshot.dedupe) stores.inbox.remember(key, until);
  for (const turn of snapshot.history) stores.history.add(turn.role, turn.text, turn.at);
  for (const m of snapshot.inbound) {
    sql.exec(
      "INSERT INTO inbound (received_at, text, media_urls, language, state, request_id, start_flow) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
      m.received_at,
      m.text,
      m.media_urls,
      m.language,
      m.request_id,
      m.start_flow ?? null,
    );
  }
  for (const row of snapshot.outbox) {
    // A part that was mid-send in the old object keeps "sending": the delivery policy treats it as ambiguous.
    const state = row.state_before_move ?? "pending";
    sql.exec(
      `INSERT INTO outbox (kind, campaign_id, text, part, parts, state, attempts, ambiguous_attempts, not_before, created_at, answers_seq, buttons)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      row.kind,
      row.campaign_id,
      row.text,
      row.part,
      row.parts,
      state,
      row.attempts,
      row.ambiguous_attempts,
      row.not_before,
      row.created_at,
      row.buttons ?? null,
    );
  }
  if (snapshot.lastCustomerMessageAt !== undefined)
    stores.meta.raise("last_customer_message_at", snapshot.lastCustomerMessageAt);
  if (snapshot.optedOutAt !== undefined && !stores.meta.get("opted_out")) {
    stores.meta.set("opted_out", snapshot.optedOutAt);
  }
  if (snapshot.brazeId && !stores.meta.get("braze_id")) stores.meta.set("braze_id", snapshot.brazeId);
  if (snapshot.language && !stores.meta.get("language")) stores.meta.set("language", snapshot.language);
}
