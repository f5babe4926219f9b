// Which Durable Object holds a customer's conversation: "ext:<external_id>" once Braze knows the customer,
// else "phone:<digits>" (Braze's "phone" user alias for numbers it does not know yet).
import type { CustomerIdentity } from "../webhook/inbound-message";
import { normalizePhone } from "../webhook/inbound-message";
import type { Conversation } from "./conversation";

export function conversationName(identity: CustomerIdentity): string {
  if (identity.externalId) return `ext:${identity.externalId}`;
  const name = phoneConversationName(identity.phone ?? "");
  if (!name) throw new Error("identity has neither external_id nor phone");
  return name;
}

export function phoneConversationName(phone: string): string | undefined {
  const digits = normalizePhone(phone);
  return digits ? `phone:${digits}` : undefined;
}

export function conversationStub(env: Env, name: string): DurableObjectStub<Conversation> {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(name));
}
