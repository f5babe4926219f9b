// Builders for Braze webhook requests: the guide's unescaped template, the README's recommended body, and a
// poster that goes through the real Worker entry point.
import { exports } from "cloudflare:workers";
import { TEST_BINDINGS } from "../bindings";

export const WORKER_URL = "https://worker.test";

/** Exactly what Braze renders from the guide's template: the message inserted raw, without json_escape. */
export function guideBody(fields: { user_id?: string; phone_number?: string; message: string }): string {
  return `{\n  "user_id": "${fields.user_id ?? ""}",\n  "phone_number": "${fields.phone_number ?? ""}",\n  "message": "${fields.message}"\n}`;
}

/** The README's recommended body, every string through json_escape (JSON.stringify does the same escaping). */
export function recommendedBody(fields: {
  user_id?: string;
  phone_number?: string;
  message: string;
  message_id?: string;
  braze_id?: string;
  profile_name?: string;
  media_urls?: string[];
  language?: string;
}): string {
  return JSON.stringify({ escaped: true, braze_id: "braze-1", message_id: crypto.randomUUID(), ...fields });
}

export function postWebhook(
  body: string,
  options: { token?: string | null; contentType?: string | null; path?: string; host?: string } = {},
): Promise<Response> {
  const headers = new Headers();
  const token = options.token === undefined ? TEST_BINDINGS.WEBHOOK_TOKEN : options.token;
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (contentType !== null) headers.set("Content-Type", contentType);
  const url = `${options.host ?? WORKER_URL}${options.path ?? "/webhooks/whatsapp"}`;
  return exports.default.fetch(new Request(url, { method: "POST", headers, body }));
}

export function uniqueUser(prefix = "user"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A fresh US-style number, so no two tests share a phone conversation. */
export function uniquePhone(): string {
  return `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}
