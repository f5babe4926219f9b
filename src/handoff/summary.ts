// What agents see of one conversation (shapes in src/inbox/api-shapes.ts): the queue summary and the
// transcript with each message's real delivery state. Built from the conversation's own tables; never the
// external_id, Braze id or full phone number.

import { WHATSAPP_WINDOW_MS } from "../conversation/delivery";
import type { OutboxState } from "../conversation/outbox";
import type { ConversationStores } from "../conversation/stores";
import { languageFromProfile } from "../i18n/languages";
import type { ConversationSummary, Delivery, TranscriptMessage } from "../inbox/api-shapes";
import type { ChatStatus } from "../pipeline/types";
import { chatStatus, claimedBy } from "./status";

/** The transcript's reach: the history keeps at most 100 turns anyway (HISTORY_KEEP). */
const TRANSCRIPT_TURNS = 100;
const TRANSCRIPT_SYSTEM_LINES = 50;

export function summarize(stores: ConversationStores, id: string, now: number): ConversationSummary {
  const status = chatStatus(stores);
  const lastCustomer = stores.meta.getNumber("last_customer_message_at");
  return {
    id,
    status,
    reason: stores.meta.get("handoff_reason") ?? "",
    language: languageFromProfile(stores.meta.get("language")) ?? "en",
    customerName: stores.meta.get("customer_name") ?? null,
    maskedPhone: maskForAgents(stores.meta.get("phone")),
    lastMessages: conversationTurns(stores, 3),
    waitingSince:
      status === "waiting" || status === "agent" ? (stores.meta.getNumber("handoff_requested_at") ?? null) : null,
    claimedBy: status === "agent" ? (claimedBy(stores) ?? null) : null,
    windowClosesAt: lastCustomer === undefined ? null : lastCustomer + WHATSAPP_WINDOW_MS,
    updatedAt: stores.meta.getNumber("last_activity_at") ?? now,
  };
}

/** Enough for an agent to confirm a number with the customer, not to call it: "+••• ••• 0142". */
export function maskForAgents(phone: string | undefined): string | null {
  const digits = (phone ?? "").replace(/\D/g, "");
  if (digits.length < 4) return null;
  return `${phone?.trim().startsWith("+") ? "+" : ""}••• ••• ${digits.slice(-4)}`;
}

/** The whole transcript: customer, bot and agent turns with delivery states, and the status transitions. */
export function transcript(stores: ConversationStores): TranscriptMessage[] {
  const system: TranscriptMessage[] = stores.handoffLog.recent(TRANSCRIPT_SYSTEM_LINES).map((row) => ({
    id: `s${row.id}`,
    role: "system",
    text: describeTransition(row.to_status, row.reason, row.agent_name),
    at: row.at,
  }));
  const reengagements: TranscriptMessage[] = stores.outbox
    .all()
    .filter((row) => row.kind === "reengagement")
    .map((row) => ({
      id: `r${row.id}`,
      role: "system",
      text: "Re-engagement template sent: held messages go out when the customer replies.",
      at: row.created_at,
      delivery: deliveryOf([row.state]),
    }));
  return [...conversationTurns(stores, TRANSCRIPT_TURNS), ...system, ...reengagements].sort((a, b) => a.at - b.at);
}

function describeTransition(to: ChatStatus, reason: string | null, agentName: string | null): string {
  const by = agentName ? ` by ${agentName}` : "";
  switch (to) {
    case "waiting":
      return `Handoff requested: ${reason ?? "no reason given"}`;
    case "agent":
      return `Claimed${by}`;
    case "bot":
      return agentName ? `Released to the bot${by}` : `Back to the bot: ${reason ?? ""}`.trim();
    case "closed":
      return `Closed${by}`;
  }
}

function conversationTurns(stores: ConversationStores, limit: number): TranscriptMessage[] {
  const rows = stores.history.recentRows(limit);
  const states = stores.outbox.partStates(rows.map((r) => r.id));
  return rows.map((row) => {
    const delivery = row.role === "customer" ? undefined : deliveryOf(states.get(row.id) ?? []);
    return {
      id: `h${row.id}`,
      role: row.role,
      text: row.text,
      at: row.at,
      ...(row.agent_id ? { agent: { id: row.agent_id, name: row.agent_name ?? row.agent_id } } : {}),
      ...(delivery ? { delivery } : {}),
    };
  });
}

/** One message's state from its parts' states; "accepted" means Braze took every part, never "delivered". */
export function deliveryOf(parts: readonly OutboxState[]): Delivery | undefined {
  if (parts.length === 0) return undefined;
  if (parts.includes("held")) return "held";
  if (parts.some((s) => s === "pending" || s === "sending" || s === "moved")) return "queued";
  if (parts.every((s) => s === "sent")) return "accepted";
  return "failed";
}
