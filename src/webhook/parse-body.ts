// Turns a raw webhook body into a flat record of fields, in time linear in its size, and decides which fields
// the operator's template may set and which a customer could have typed.
//
// Braze's guide renders `"message": "{{whats_app.${inbound_message_body}}}"` without `| json_escape`, so a
// customer's text can break the JSON or, worse, add fields to it (`agent", "phone_number": "+1…`). Precedence:
//  1. Valid JSON opening with `"escaped": true` and no repeated top-level key: the operator promises every
//     value went through json_escape; read with JSON.parse, every field trusted, in any order.
//  2. Other valid JSON with no repeated top-level key: read with JSON.parse (escapes decoded, so a customer who
//     types a literal `\n` into the guide's template gets a newline: the price of fixing bodies that escape
//     without the marker). Fields after the first free-text value may have been typed by the customer.
//  3. Anything else (invalid JSON, or a repeated key): template recovery (src/webhook/template-recovery.ts),
//     the first occurrence of a repeated field winning.
// In 2 and 3, fields that say who, where, when or which message it is (PROTECTED_KEYS) count only before the
// first free-text value; after it they are ignored and reported, and the message is still answered.
import { FREE_TEXT_KEYS, recoverTemplate } from "./template-recovery";

/** Identity, routing, media, timing and dedupe: only the operator's template may set them (README "Webhook body"). */
export const PROTECTED_KEYS: ReadonlySet<string> = new Set([
  "user_id",
  "phone_number",
  "braze_id",
  "profile",
  "language",
  "media_urls",
  "sent_at",
  "message_id",
]);

/**
 * The declaration must open the body, as in the README's recommended body: a customer typing
 * `x", "escaped": true, "z": "y` into the guide's template produces valid JSON with that field after the
 * message, which must not switch the body to trusted.
 */
const DECLARED_ESCAPED = /^\s*\{\s*"escaped"\s*:\s*true\s*[,}]/;

/** The fields the Worker reads; any other field of the body is read past and dropped. */
const KNOWN_KEYS: ReadonlySet<string> = new Set([...PROTECTED_KEYS, ...FREE_TEXT_KEYS]);

export type BodyFields = Record<string, unknown>;
export type BodyMode = "escaped-json" | "json" | "template";

export interface ParsedFields {
  ok: true;
  fields: BodyFields;
  mode: BodyMode;
  /** Protected fields found after the first free-text value of an undeclared body: not used. */
  ignored: string[];
  /** Known fields that appeared more than once (the first one was used). */
  repeated: string[];
  /** Template recovery ran out of its step budget: the rest of the body became the message. */
  fallback: boolean;
}

export type ParsedBody = ParsedFields | { ok: false; problem: string; field?: string };

type Member = [key: string, value: unknown];

export function parseWebhookBody(raw: string): ParsedBody {
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, problem: "body is empty; expected a JSON object" };

  const strict = tryJsonParse(text);
  if (strict.ok && !isPlainObject(strict.value))
    return { ok: false, problem: `body must be a JSON object, got ${describeJsonType(strict.value)}` };
  // A repeated field goes to recovery: JSON.parse keeps the last one, which a customer may have typed.
  const keys = strict.ok ? knownTopLevelKeys(text) : null;
  if (keys) {
    const object = strict.value as BodyFields;
    const members: Member[] = keys.map((key) => [key, object[key]]);
    if (DECLARED_ESCAPED.test(text)) return accept(members, "escaped-json", [], [], false, () => false);
    const freeText = firstFreeText(members);
    return accept(members, "json", [], [], false, (index) => index > freeText);
  }

  const recovery = recoverTemplate(text, KNOWN_KEYS);
  if (!recovery) return { ok: false, problem: "body is not JSON, nor Braze's webhook template with unescaped text" };
  const members: Member[] = [];
  const repeated: string[] = [];
  const forged: string[] = [];
  const seen = new Set<string>();
  const afterFreeText: boolean[] = [];
  for (const member of recovery.members) {
    if (seen.has(member.key)) {
      (member.afterFreeText && PROTECTED_KEYS.has(member.key) ? forged : repeated).push(member.key);
      continue;
    }
    seen.add(member.key);
    members.push([member.key, member.value]);
    afterFreeText.push(member.afterFreeText);
  }
  return accept(members, "template", forged, repeated, recovery.fallback, (index) => afterFreeText[index] === true);
}

/** Keeps the members the template may set; `untrusted(i)` says whether member i may have been typed. */
function accept(
  members: Member[],
  mode: BodyMode,
  alreadyIgnored: string[],
  repeated: string[],
  fallback: boolean,
  untrusted: (index: number) => boolean,
): ParsedFields {
  const kept: Member[] = [];
  const ignored = [...alreadyIgnored];
  const messageAt = members.findIndex(([key]) => key === "message");
  // A profile_name after the message could be typed into it (`", "profile_name": "CEO`): like a protected field.
  const typable = (key: string, index: number) =>
    PROTECTED_KEYS.has(key) || (key === "profile_name" && messageAt >= 0 && messageAt < index);
  members.forEach(([key, value], index) => {
    if (untrusted(index) && typable(key, index)) ignored.push(key);
    else kept.push([key, value]);
  });
  return { ok: true, fields: Object.fromEntries(kept), mode, ignored, repeated, fallback };
}

/** The index of the first free-text member, or the end when there is none. */
function firstFreeText(members: Member[]): number {
  const index = members.findIndex(([key]) => FREE_TEXT_KEYS.has(key));
  return index < 0 ? members.length : index;
}

/**
 * The known top-level keys of a valid JSON object text, in order, in one pass; null when one of them repeats.
 * Other keys are jumped over undecoded, like every string (with indexOf).
 */
function knownTopLevelKeys(text: string): string[] | null {
  const keys: string[] = [];
  let depth = 0;
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return keys;
      if (depth === 1 && expectingKey) {
        const key = mayBeKnownKey(text, i + 1, end) ? decodeKey(text.slice(i + 1, end)) : undefined;
        if (key !== undefined && KNOWN_KEYS.has(key)) {
          if (keys.includes(key)) return null;
          keys.push(key);
        }
        expectingKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) expectingKey = ++depth === 1;
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectingKey = true;
  }
  return keys;
}

/** The index of the quote closing the JSON string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close > 0) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

/** The longest known key, escapes included, is shorter: longer keys are never sliced or decoded. */
const MAX_KNOWN_KEY_SOURCE = 80;
const KNOWN_KEY_LENGTHS = new Set([...KNOWN_KEYS].map((key) => key.length));

/**
 * Whether the key text between `from` and `to` could decode to a known key: the right length, or escapes
 * (`"user\u005fid"` is user_id to JSON.parse, so it must be seen). Skips most keys without slicing them.
 */
function mayBeKnownKey(text: string, from: number, to: number): boolean {
  if (to - from > MAX_KNOWN_KEY_SOURCE) return false;
  if (KNOWN_KEY_LENGTHS.has(to - from)) return true;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x5c) return true;
  return false;
}

function decodeKey(inside: string): string | undefined {
  if (!inside.includes("\\")) return inside;
  try {
    return JSON.parse(`"${inside}"`) as string;
  } catch {
    return undefined;
  }
}

function tryJsonParse(text: string): { ok: boolean; value: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}

function isPlainObject(value: unknown): value is BodyFields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `a ${typeof value}`;
}
