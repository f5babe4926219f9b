// The customer side of the end-to-end test: webhooks exactly as the playground (and Braze, with the README's
// recommended body) sends them, and reading what the fake Braze received for one customer.
import { randomBytes } from "node:crypto";

const hex = (bytes) => randomBytes(bytes).toString("hex");

export function newCustomer(name, language = "en") {
  const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
  return { userId: `e2e-${hex(4)}`, phone: `+1415${digits}`, name, language };
}

/** The README's recommended body, as the playground builds it (src/playground/client/webhook-body.ts). */
export function webhookBody(customer, text) {
  return JSON.stringify({
    escaped: true,
    user_id: customer.userId,
    phone_number: customer.phone,
    braze_id: hex(12),
    message_id: hex(12),
    sent_at: String(Math.floor(Date.now() / 1000)),
    profile_name: customer.name,
    language: customer.language,
    media_urls: "",
    message: text,
  });
}

export async function say(baseUrl, token, customer, text) {
  const response = await fetch(`${baseUrl}/webhooks/whatsapp`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: webhookBody(customer, text),
  });
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

/** The texts Braze was asked to send to this customer (trigger/send), in arrival order, with their campaign. */
export function textsTo(calls, customer) {
  const out = [];
  for (const call of calls) {
    if (call.path !== "/campaigns/trigger/send") continue;
    for (const r of call.body.recipients ?? []) {
      if (r.external_user_id !== customer.userId) continue;
      const text = r.trigger_properties?.external_system_msg_body;
      if (typeof text === "string") out.push({ text, campaign: call.body.campaign_id, at: call.wallAt });
    }
  }
  return out;
}
