// What each handoff transition does to one conversation's storage, run inside one transaction by the caller
// (a turn's commit, or the Conversation's agent RPC in transactionSync). Claims are race-free by
// construction: the Conversation Durable Object runs one RPC at a time and each check-and-set here has no
// await, so of two concurrent claims exactly one sees "waiting".
import type { Config } from "../config";
import { clearFlowState } from "../conversation/flow-state";
import { queueMessage } from "../conversation/queue-message";
import type { ConversationStores } from "../conversation/stores";
import { languageFromProfile } from "../i18n/languages";
import { text } from "../i18n/texts";
import { type LogFields, log } from "../log";
import type { TurnAction } from "../pipeline/types";
import {
  type AgentIdentity,
  chatStatus,
  claimedBy,
  HANDOFF_EVENT,
  HANDOFF_RESOLVED_EVENT,
  transition,
  withPerson,
} from "./status";

export type AgentActionError = "already_claimed" | "not_waiting" | "not_claimed" | "opted_out" | "not_found";
export type AgentActionResult = { ok: true } | { ok: false; code: AgentActionError };

const OK: AgentActionResult = { ok: true };

/**
 * A "handoff" turn action: bot -> waiting. Returns false (nothing to tell the customer) when a person already
 * holds the conversation, so the handoff message goes out once per waiting period.
 */
export function applyHandoffRequest(
  stores: ConversationStores,
  action: Extract<TurnAction, { type: "handoff" }>,
  config: Config,
  at: number,
  logFields: LogFields,
): boolean {
  if (withPerson(chatStatus(stores))) {
    log("info", "handoff.already_requested", { ...logFields, reason: action.reason });
    return false;
  }
  transition(
    stores,
    {
      to: "waiting",
      event: "requested",
      reason: action.reason,
      profileEvent: { name: HANDOFF_EVENT, properties: { reason: action.reason } },
    },
    at,
    logFields,
  );
  stores.meta.set("handoff_reason", action.reason);
  stores.meta.set("handoff_requested_at", at);
  // The follow-up notice speaks the language of the handoff message (a flow may speak another than detected).
  stores.meta.set("handoff_language", action.language);
  if (config.handoff.unclaimedNoticeMs > 0) stores.timers.set("handoff", at + config.handoff.unclaimedNoticeMs, 0);
  return true;
}

export function claim(
  stores: ConversationStores,
  agent: AgentIdentity,
  at: number,
  logFields: LogFields,
): AgentActionResult {
  const status = chatStatus(stores);
  if (status === "agent") return claimedBy(stores)?.id === agent.id ? OK : { ok: false, code: "already_claimed" };
  if (status !== "waiting") return { ok: false, code: "not_waiting" };
  transition(stores, { to: "agent", event: "claimed", agent }, at, logFields);
  stores.timers.clear("handoff");
  return OK;
}

/** Who may end a person's hold: anyone while it waits, only the holder once claimed. */
function mayEnd(stores: ConversationStores, agent: AgentIdentity): AgentActionResult {
  const status = chatStatus(stores);
  if (status === "waiting") return OK;
  if (status === "agent") return claimedBy(stores)?.id === agent.id ? OK : { ok: false, code: "already_claimed" };
  return { ok: false, code: "not_waiting" };
}

/** Back to the bot. An interrupted flow keeps its state, so the bot can resume it. */
export function release(
  stores: ConversationStores,
  agent: AgentIdentity,
  at: number,
  logFields: LogFields,
): AgentActionResult {
  return endWithPerson(stores, agent, "released", at, logFields);
}

/** Resolved by a person: out of the queue; the customer's next message starts again with the bot. */
export function close(
  stores: ConversationStores,
  agent: AgentIdentity,
  at: number,
  logFields: LogFields,
): AgentActionResult {
  const result = endWithPerson(stores, agent, "closed", at, logFields);
  // The issue is resolved: a flow the handoff interrupted would only confuse the next conversation.
  if (result.ok) clearFlowState(stores);
  return result;
}

function endWithPerson(
  stores: ConversationStores,
  agent: AgentIdentity,
  outcome: "released" | "closed",
  at: number,
  logFields: LogFields,
): AgentActionResult {
  const allowed = mayEnd(stores, agent);
  if (!allowed.ok) return allowed;
  transition(
    stores,
    {
      to: outcome === "released" ? "bot" : "closed",
      event: outcome,
      agent,
      profileEvent: { name: HANDOFF_RESOLVED_EVENT, properties: { outcome } },
    },
    at,
    logFields,
  );
  stores.timers.clear("handoff");
  return OK;
}

/** An agent's reply: into history (the bot's context after a hand-back) and the outbox, like a bot reply. */
export function agentReply(
  stores: ConversationStores,
  config: Config,
  agent: AgentIdentity,
  body: string,
  at: number,
): { ok: true; historyId: number } | { ok: false; code: AgentActionError } {
  if (chatStatus(stores) !== "agent" || claimedBy(stores)?.id !== agent.id) return { ok: false, code: "not_claimed" };
  if (stores.meta.get("opted_out") !== undefined) return { ok: false, code: "opted_out" };
  const historyId = stores.history.add("agent", body, at, agent);
  queueMessage(stores, { kind: "agent_reply", campaignId: config.braze.agentReplyCampaignId, body, at, historyId });
  stores.meta.set("last_activity_at", at);
  stores.timers.setNoLaterThan("outbox", at);
  return { ok: true, historyId };
}

/**
 * Runs on every stored customer message: a closed conversation is the bot's again, and texts held past the
 * 24-hour window go out now that the window is open. Returns how many held parts were released.
 */
export function customerWrote(stores: ConversationStores, at: number, logFields: LogFields): number {
  if (chatStatus(stores) === "closed") {
    transition(stores, { to: "bot", event: "reopened", reason: "customer wrote again" }, at, logFields);
  }
  const released = stores.outbox.releaseHeld(at);
  if (released > 0) {
    stores.timers.setNoLaterThan("outbox", at);
    log("info", "outbox.released_held", { ...logFields, count: released });
  }
  return released;
}

/**
 * Tells a waiting customer, once per waiting period, that nobody is available yet (no agent online, or none
 * claimed in time). Returns the parts queued (0 if not waiting any more or already told).
 */
export function tellNobodyAvailable(
  stores: ConversationStores,
  config: Config,
  at: number,
  logFields: LogFields,
): number {
  const requestedAt = stores.meta.get("handoff_requested_at");
  if (chatStatus(stores) !== "waiting" || !requestedAt || stores.meta.get("unclaimed_notice_for") === requestedAt) {
    return 0;
  }
  stores.meta.set("unclaimed_notice_for", requestedAt);
  const body = text(
    "handoffNobodyAvailable",
    languageFromProfile(stores.meta.get("handoff_language")) ??
      languageFromProfile(stores.meta.get("language")) ??
      "en",
  );
  const historyId = stores.history.add("assistant", body, at);
  const queued = queueMessage(stores, {
    kind: "bot_reply",
    campaignId: config.braze.replyCampaignId,
    body,
    at,
    historyId,
  });
  stores.timers.setNoLaterThan("outbox", at);
  log("info", "handoff.nobody_available", logFields);
  return queued;
}
