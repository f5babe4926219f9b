// Puts one message for the customer in the outbox, split into WhatsApp-sized parts, each linked to the history
// row it delivers (the agent transcript shows its delivery state). Shared by turns and agent actions.
import { splitMessage } from "../whatsapp/split-message";
import type { OutboxKind } from "./outbox";
import type { ConversationStores } from "./stores";

export interface QueuedMessage {
  kind: OutboxKind;
  campaignId: string;
  body: string;
  at: number;
  historyId: number | null;
}

/** Returns how many parts were queued. */
export function queueMessage(stores: ConversationStores, message: QueuedMessage): number {
  const parts = splitMessage(message.body);
  for (const [index, part] of parts.entries()) {
    stores.outbox.add(
      {
        kind: message.kind,
        campaignId: message.campaignId,
        text: part,
        part: index + 1,
        parts: parts.length,
        notBefore: message.at,
        answersSeq: null,
        historyId: message.historyId,
      },
      message.at,
    );
  }
  return parts.length;
}
