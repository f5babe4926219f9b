// Which of the local sink's recorded Braze calls concern the selected customer, and what each means in the chat:
// a reply bubble (with its quick-reply buttons and the chat facts riding on it), a system note, or nothing.
import type { SinkRecord } from "../../braze/sink-record";
import { type Customer, digits } from "./webhook-body";

export type ChatItem =
  | { kind: "in"; text: string; buttons: string[]; facts: string[] }
  | { kind: "note"; text: string };

const TRIGGER_SEND = "/campaigns/trigger/send";
const BUTTON_FIELDS = ["button_1", "button_2", "button_3"];
/** /users/track attribute keys that identify the user rather than describe them. */
const IDENTITY_KEYS = new Set(["external_id", "user_alias", "braze_id", "phone", "time", "name", "properties"]);

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const entries: [string, unknown][] = Object.entries(value);
  return Object.fromEntries(entries);
}
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const shown = (record: Record<string, unknown>, key: string) => `${key} = ${JSON.stringify(record[key])}`;

/** True when a Braze request body names this customer anywhere: external id, phone or phone alias. */
export function mentions(value: unknown, c: Customer, depth: number): boolean {
  if (!value || typeof value !== "object" || depth > 6) return false;
  if (Array.isArray(value)) return value.some((v) => mentions(v, c, depth + 1));
  const phone = digits(c.phone);
  const entries: [string, unknown][] = Object.entries(value);
  for (const [k, v] of entries) {
    if ((k === "external_id" || k === "external_user_id") && c.userId && v === c.userId) return true;
    if (k === "external_ids" && c.userId && Array.isArray(v) && v.includes(c.userId)) return true;
    const phones = Array.isArray(v) ? v : [v];
    if ((k === "phone" || k === "phones" || k === "alias_name") && phone && phones.some((p) => digits(p) === phone))
      return true;
    if (typeof v === "object" && mentions(v, c, depth + 1)) return true;
  }
  return false;
}

function triggerSend(body: Record<string, unknown>, c: Customer): ChatItem {
  const recipient = asRecord(asArray(body.recipients).find((x) => mentions(x, c, 0)));
  const props = asRecord(recipient.trigger_properties);
  const text = props.external_system_msg_body;
  // A button campaign's labels (docs/braze-campaigns.md) and chat facts riding on the send.
  const buttons = BUTTON_FIELDS.map((k) => props[k]).filter((b): b is string => typeof b === "string");
  const attributes = asRecord(recipient.attributes);
  const facts = Object.keys(attributes).map((k) => shown(attributes, k));
  if (typeof text === "string") return { kind: "in", text, buttons, facts };
  return { kind: "note", text: `Braze: campaign ${String(body.campaign_id || "")} triggered` };
}

function subscriptionChange(body: Record<string, unknown>): ChatItem {
  const group = asRecord(asArray(body.subscription_groups)[0]);
  const to = group.subscription_state === "unsubscribed" ? "unsubscribed from" : "subscribed to";
  return { kind: "note", text: `Braze: ${to} group ${String(group.subscription_group_id)}` };
}

function profileUpdate(body: Record<string, unknown>): ChatItem {
  const attributes = asArray(body.attributes).flatMap((a) => {
    const record = asRecord(a);
    return Object.keys(record)
      .filter((k) => !IDENTITY_KEYS.has(k))
      .map((k) => shown(record, k));
  });
  const events = asArray(body.events).map((e) => `event ${String(asRecord(e).name)}`);
  const changes = [...attributes, ...events];
  return { kind: "note", text: `Braze: profile updated${changes.length ? ` (${changes.join(", ")})` : ""}` };
}

/** What one sink record means for the customer, or null when it is about someone else. */
export function describeRecord(rec: SinkRecord, c: Customer): ChatItem | null {
  const body = asRecord(rec.body);
  if (!mentions(body, c, 0)) return null;
  if (rec.path === TRIGGER_SEND) return triggerSend(body, c);
  if (rec.path === "/v2/subscription/status/set") return subscriptionChange(body);
  if (rec.path === "/users/track") return profileUpdate(body);
  return { kind: "note", text: `Braze: POST ${rec.path}` };
}
