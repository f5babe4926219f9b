// The words the inbox shows for the API's values: a conversation's state as the signed-in agent sees it, the
// roles, the delivery states (never "delivered": the Worker cannot see WhatsApp's receipts) and durations.
import type { AgentIdentity, ConversationSummary, Delivery, TranscriptMessage } from "../api-shapes";

export const ROLE: Record<TranscriptMessage["role"], string> = {
  customer: "Customer",
  assistant: "Bot",
  agent: "Agent",
  system: "System",
};

export const DELIVERY: Record<Delivery, string> = {
  queued: "Queued for Braze",
  held: "Held: sent when the customer writes again",
  accepted: "Accepted by Braze",
  failed: "Failed: Braze did not take it",
};

export const DELIVERY_WHY = "The Worker cannot see WhatsApp delivery receipts: accepted means Braze took the request.";

export function isMine(c: ConversationSummary | null | undefined, me: AgentIdentity | null): boolean {
  return !!(c && c.status === "agent" && c.claimedBy && me && c.claimedBy.id === me.id);
}

export const nameOf = (c: ConversationSummary): string => c.customerName || "Unknown customer";

/** The short label of a conversation's state, as the signed-in agent sees it. */
export function statusOf(c: ConversationSummary, me: AgentIdentity | null): { cls: string; text: string } {
  if (c.status === "waiting") return { cls: "waiting", text: "Waiting" };
  if (c.status === "agent") {
    if (isMine(c, me)) return { cls: "mine", text: "Yours" };
    return { cls: "taken", text: `Taken by ${c.claimedBy ? c.claimedBy.name : "another agent"}` };
  }
  if (c.status === "bot") return { cls: "", text: "With the bot" };
  return { cls: "", text: "Closed" };
}

export function duration(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60000));
  if (min < 1) return "under a minute";
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} days`;
}
