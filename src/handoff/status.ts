// The chat status each conversation holds (bot -> waiting -> agent -> bot | closed) and the one function that
// changes it: stored (meta + the handoff_log table), logged (handoff.* events, no customer data) and queued
// for the customer's Braze profile (attribute ai_chat_status, events ai_handoff / ai_handoff_resolved).
// Callers run it inside a transaction (a turn's commit or an agent RPC's transactionSync).
import { z } from "zod";
import type { ConversationStores } from "../conversation/stores";
import type { AgentIdentity } from "../inbox/api-shapes";
import { type LogFields, log } from "../log";
import type { ChatStatus, ProfileEvent } from "../pipeline/types";

/** Defined with the agent API's shapes (the same identity is on the wire); re-exported for the domain. */
export type { AgentIdentity };

/** Braze custom attribute: segment on it to hold promotions back from customers talking to a person. */
export const CHAT_STATUS_ATTRIBUTE = "ai_chat_status";
/** Braze custom event when a handoff is requested, with its reason. */
export const HANDOFF_EVENT = "ai_handoff";
/** Braze custom event when a person hands the conversation back (released) or resolves it (closed). */
export const HANDOFF_RESOLVED_EVENT = "ai_handoff_resolved";

const STATUSES: readonly ChatStatus[] = ["bot", "waiting", "agent", "closed"];

export function chatStatus(stores: ConversationStores): ChatStatus {
  const stored = stores.meta.get("chat_status");
  return STATUSES.find((s) => s === stored) ?? "bot";
}

/** True while a person holds the conversation (the bot stays silent). */
export function withPerson(status: ChatStatus): boolean {
  return status === "waiting" || status === "agent";
}

const StoredAgent = z.object({ id: z.string(), name: z.string() });

export function claimedBy(stores: ConversationStores): AgentIdentity | undefined {
  const raw = stores.meta.get("claimed_by");
  if (!raw) return undefined;
  try {
    const parsed = StoredAgent.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // unreadable: treated as unclaimed rather than failing every turn
  }
}

export interface Transition {
  to: ChatStatus;
  /** The log event: handoff.requested, handoff.claimed, ... */
  event: "requested" | "claimed" | "released" | "closed" | "reopened" | "moved";
  reason?: string;
  agent?: AgentIdentity;
  profileEvent?: ProfileEvent;
}

/** Applies one transition; returns the status it left. */
export function transition(
  stores: ConversationStores,
  change: Transition,
  at: number,
  logFields: LogFields,
): ChatStatus {
  const from = chatStatus(stores);
  if (change.to === "bot") stores.meta.delete("chat_status");
  else stores.meta.set("chat_status", change.to);
  if (change.to === "agent" && change.agent) stores.meta.set("claimed_by", JSON.stringify(change.agent));
  else stores.meta.delete("claimed_by");
  stores.meta.set("last_activity_at", at);
  stores.meta.delete("unhelpful_turns");
  recordTransition(stores, from, change, at);
  const { queued } = stores.profileUpdates.queue(
    { attributes: { [CHAT_STATUS_ATTRIBUTE]: change.to }, events: change.profileEvent ? [change.profileEvent] : [] },
    at,
  );
  if (queued) stores.timers.setNoLaterThan("profile", at);
  // The agent (if any) is in logFields as a keyed hash (agentLogId): an Access agent's id is their email.
  log("info", `handoff.${change.event}`, { ...logFields, from, to: change.to, reason: change.reason });
  return from;
}

function recordTransition(stores: ConversationStores, from: ChatStatus, change: Transition, at: number): void {
  stores.handoffLog.add({
    at,
    from,
    to: change.to,
    reason: change.reason ?? null,
    agentId: change.agent?.id ?? null,
    agentName: change.agent?.name ?? null,
  });
}
