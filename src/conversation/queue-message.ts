// Puts one message for the customer in the outbox, split into WhatsApp-sized parts, each linked to the history
// row it delivers (the agent transcript shows its delivery state). Shared by turns and agent actions.
import { splitMessage } from "../whatsapp/split-message";
import type { OutboxKind } from "./outbox";
import type { PlannedPart } from "./reply-parts";
import type { ConversationStores } from "./stores";

export interface QueuedMessage {
  kind: OutboxKind;
  campaignId: string;
  body: string;
  at: number;
  historyId: number | null;
  /** Parts already planned (a reply with quick-reply buttons: src/conversation/reply-parts.ts); else split here. */
  parts?: readonly PlannedPart[];
}

/** Returns how many parts were queued. */
export function queueMessage(stores: ConversationStores, message: QueuedMessage): number {
  const parts: readonly PlannedPart[] =
    message.parts ?? splitMessage(message.body).map((text) => ({ text, campaignId: message.campaignId }));
  for (const [index, part] of parts.entries()) {
    stores.outbox.add(
      {
        kind: message.kind,
        campaignId: part.campaignId,
        text: part.text,
        buttons: part.buttons,
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
