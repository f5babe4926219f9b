// The customer the playground plays and the webhook body it posts for them: the README's recommended body, as
// Braze renders it (every string json_escape'd, message last). No DOM here, so a Worker test checks it too.

export interface Customer {
  /** Braze external_id; empty for a number Braze does not know yet. */
  userId: string;
  phone: string;
  name: string;
  language: string;
}

export const digits = (value: unknown): string => String(value || "").replace(/\D/g, "");

/** The conversation a customer lands in (src/conversation/naming.ts): ext:<external_id> or phone:<digits>. */
export const keyOf = (c: Customer): string => (c.userId ? `ext:${c.userId}` : `phone:${digits(c.phone)}`);

export const randomHex = (n: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 16).toString(16)).join("");

export const randomDigits = (n: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");

/** A stable stand-in for Braze's 24-hex braze_id, so one customer always renders the same one. */
export function fakeBrazeId(key: string): string {
  let out = "";
  for (let seed = 1; out.length < 24; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (const ch of key) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 24);
}

export function webhookBody(c: Customer, text: string): string {
  const body = {
    escaped: true,
    user_id: c.userId,
    phone_number: c.phone,
    braze_id: fakeBrazeId(keyOf(c)),
    message_id: randomHex(24),
    sent_at: String(Math.floor(Date.now() / 1000)),
    profile_name: c.name,
    language: c.language,
    media_urls: "",
    message: text,
  };
  return JSON.stringify(body, null, 2);
}
