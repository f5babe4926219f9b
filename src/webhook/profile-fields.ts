// The optional `profile` object of the webhook body: Liquid-rendered profile fields the operator chooses
// (first_name, loyalty_tier, last_order_status...), offered to the model as context and used in routing.
// Validated field by field: a bad field is dropped with a warning, never a 4xx that would lose the message
// (Braze drops a 4xx for good). Identifiers and anything shaped like a phone number or an email never pass:
// they must not reach a prompt.

/** README "Webhook body": at most this many fields, each value at most this long. */
export const PROFILE_LIMITS = { fields: 20, keyLength: 40, valueLength: 200 } as const;

const KEY = /^[a-z][a-z0-9_]*$/;

/** Keys that name an identifier or a secret, whatever their value. */
const FORBIDDEN_KEY =
  /(?:^|_)(?:id|ids|phone|mobile|msisdn|email|e_mail|password|token|secret|key|iban)(?:_|$)|phone|email|(?:id|ids|uid|uuid|token|key|secret|password)$/;

/**
 * Values that look like a phone number (9+ digits, separators allowed; dates and times excepted) or an email
 * address. Order numbers and amounts are shorter.
 */
const PHONE_LIKE = /\+?\d(?:[\s.()-]{0,3}\d){8,}/;
const DATE_TIME = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

export function readProfileFields(value: unknown, warnings: string[]): Record<string, string> | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    warnings.push("profile dropped: expected an object");
    return undefined;
  }
  const fields: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(value)) {
    const key = rawKey.trim().toLowerCase();
    const text = fieldText(rawValue);
    if (text === "") continue; // Liquid renders a missing attribute as nothing: not a problem, just absent
    const problem = fieldProblem(key, text, Object.keys(fields).length);
    if (problem) dropped.push(`${key.slice(0, PROFILE_LIMITS.keyLength)} (${problem})`);
    else fields[key] = text;
  }
  if (dropped.length > 0) warnings.push(`profile fields dropped: ${dropped.join(", ")}`);
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function fieldText(value: unknown): string {
  if (typeof value === "string") return value.toWellFormed().trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === null || value === undefined ? "" : "\u0000"; // objects and arrays: refused below
}

function fieldProblem(key: string, text: string, kept: number): string | undefined {
  if (kept >= PROFILE_LIMITS.fields) return `more than ${PROFILE_LIMITS.fields} fields`;
  if (key.length > PROFILE_LIMITS.keyLength || !KEY.test(key)) return "key must be lower-case letters, digits and _";
  if (FORBIDDEN_KEY.test(key)) return "identifiers and contact details are not allowed";
  if (text === "\u0000") return "expected a string, number or boolean";
  if (text.length > PROFILE_LIMITS.valueLength) return `longer than ${PROFILE_LIMITS.valueLength} characters`;
  if (PHONE_LIKE.test(text.replace(DATE_TIME, " ")) || EMAIL_LIKE.test(text))
    return "looks like a phone number or email";
  return undefined;
}
