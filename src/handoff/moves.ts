// A handoff survives the move of a phone-keyed conversation to the customer's external_id-keyed one
// (src/conversation/merge.ts): the waiting or claimed state goes with the messages, so the customer is not
// dropped from the queue nor answered by the bot while an agent holds the chat.
import type { ConversationStores } from "../conversation/stores";
import type { LogFields } from "../log";
import type { ChatStatus } from "../pipeline/types";
import { type AgentIdentity, chatStatus, claimedBy, transition, withPerson } from "./status";

export interface HandoffSnapshot {
  status: ChatStatus;
  reason: string | undefined;
  requestedAt: number | undefined;
  claimedBy: AgentIdentity | undefined;
}

/** What the moving conversation hands over; nothing unless a person holds or awaits it. */
export function exportHandoff(stores: ConversationStores): HandoffSnapshot | undefined {
  const status = chatStatus(stores);
  if (!withPerson(status)) return undefined;
  return {
    status,
    reason: stores.meta.get("handoff_reason"),
    requestedAt: stores.meta.getNumber("handoff_requested_at"),
    claimedBy: claimedBy(stores),
  };
}

/** Takes the handoff over unless the receiving conversation already has one of its own. */
export function importHandoff(
  stores: ConversationStores,
  snapshot: HandoffSnapshot,
  at: number,
  logFields: LogFields,
): boolean {
  if (withPerson(chatStatus(stores))) return false;
  transition(
    stores,
    { to: snapshot.status, event: "moved", reason: snapshot.reason, agent: snapshot.claimedBy },
    at,
    logFields,
  );
  if (snapshot.reason) stores.meta.set("handoff_reason", snapshot.reason);
  stores.meta.set("handoff_requested_at", snapshot.requestedAt ?? at);
  return true;
}
