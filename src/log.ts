// Structured logs for `wrangler tail`: one JSON event per line. Phone numbers and message text are masked
// by construction (callers pass lengths and masks), and a last-line scrub masks any digit run that looks
// like a phone number, so a mistake in a caller cannot leak one.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

// Digit runs of 8+ that are not part of a word, id or uuid (hex ids and uuids must stay readable).
const PHONE_LIKE = /(?<![\w-])\+?\d[\d ().-]{6,}\d(?![\w-])/g;

/** "+14155550123" -> "+*********23": enough to tell two customers apart in a log, not to call one. */
export function maskPhone(phone: string | undefined | null): string | undefined {
  if (!phone) return undefined;
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 2) return "*".repeat(digits.length);
  return `${phone.trim().startsWith("+") ? "+" : ""}${"*".repeat(digits.length - 2)}${digits.slice(-2)}`;
}

function scrub(value: LogValue): LogValue {
  return typeof value === "string" ? value.replace(PHONE_LIKE, (match) => maskPhone(match) ?? "") : value;
}

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line: Record<string, LogValue> = { level, event, ts: new Date().toISOString() };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) line[key] = scrub(value);
  }
  const text = JSON.stringify(line);
  if (level === "error") console.error(text);
  else if (level === "warn") console.warn(text);
  else console.log(text);
}

/** Describes an unknown thrown value for a log line without copying upstream bodies or message text. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return typeof error;
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/**
 * A stable, non-reversible id for a customer in logs. A plain hash of a phone number can be reversed by
 * enumerating numbers; an HMAC with a secret cannot.
 */
export async function customerLogId(secret: string, customerKey: string): Promise<string> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    hmacKeys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(customerKey));
  return `c_${toHex(new Uint8Array(mac)).slice(0, 16)}`;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
