// Turns a raw webhook body into a flat record of fields, recovering the text of Braze's documented template.
//
// Braze's guide renders `"message": "{{whats_app.${inbound_message_body}}}"` without `| json_escape`, so a
// customer's `"`, `\`, newline or tab yields invalid JSON, and a crafted message can even yield *valid* JSON
// with a second "user_id". So unless the body says its strings were escaped (`"escaped": true`, as the
// README's recommended body does), free-text fields are read verbatim: the raw characters between their
// quotes, which is exactly what the customer typed. Where a free-text value could end in several places,
// the reading with the most identity fields wins, then the one with the most known fields (an operator's
// template may put fields after the message: they must not end up in the text), then the longest. A forged
// second user_id is refused as a duplicate; a forged non-identity field (`", "language": "fr`) can only
// change the sender's own message, which is the price of honouring operators' field order.

/** Fields whose values are customer-typed text and are read verbatim from an unescaped template. */
const FREE_TEXT_KEYS = new Set(["message", "profile_name"]);

/** Who the message is from: what counts first when choosing between readings of a free-text value. */
const IDENTITY_KEYS = new Set(["user_id", "phone_number"]);

/** Fields the Worker understands: the tie-breaker between readings with the same identity fields. */
const KNOWN_KEYS = new Set([
  ...IDENTITY_KEYS,
  "message",
  "braze_id",
  "profile_name",
  "media_urls",
  "message_id",
  "sent_at",
  "language",
  "profile",
  // Not "escaped": it counts only as the body's first field, never as one found after the message.
]);

/**
 * The declaration must open the body, as in the README's recommended body: a customer typing
 * `x", "escaped": true, "z": "y` into the guide's template produces valid JSON with that field after the
 * message, and must still get their text back verbatim.
 */
const DECLARED_ESCAPED = /^\s*\{\s*"escaped"\s*:\s*true\s*[,}]/;

/** A body with more possible endings than this for one free-text value is not worth searching. */
const MAX_CANDIDATES = 256;

export type BodyFields = Record<string, unknown>;
export type ParsedBody =
  | { ok: true; fields: BodyFields; mode: "escaped-json" | "template" }
  | { ok: false; problem: string; field?: string };

export function parseWebhookBody(raw: string): ParsedBody {
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, problem: "body is empty; expected a JSON object" };

  const strict = tryJsonParse(text);
  if (isPlainObject(strict.value) && DECLARED_ESCAPED.test(text)) {
    // Valid JSON that says it was escaped: the only thing the strict scan can refuse is a repeated key, and
    // reading it as an unescaped template instead would turn `"a", "user_id": "b"` into one odd user id.
    const scanned = new Scanner(text, false).scanObject();
    if (scanned) return { ok: true, fields: scanned, mode: "escaped-json" };
    const field = repeatedTopLevelKey(text);
    return { ok: false, problem: 'a field appears twice in a body marked "escaped": true', field };
  }
  const scanned = new Scanner(text, true).scanObject();
  if (scanned) return { ok: true, fields: scanned, mode: "template" };
  if (isPlainObject(strict.value)) return { ok: true, fields: strict.value, mode: "escaped-json" };
  if (strict.ok) return { ok: false, problem: `body must be a JSON object, got ${describeJsonType(strict.value)}` };
  return { ok: false, problem: "body is not JSON, nor Braze's webhook template with unescaped text" };
}

/** The first key that appears twice at the top level of a valid JSON object text (nested objects ignored). */
function repeatedTopLevelKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const isKey = depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 16));
      if (isKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
      }
      i = end;
    }
  }
  return undefined;
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

type Member = [key: string, value: unknown];
interface Reading {
  members: Member[];
  identityCount: number;
  knownCount: number;
}

function isBetter(candidate: Reading, best: Reading): boolean {
  if (candidate.identityCount !== best.identityCount) return candidate.identityCount > best.identityCount;
  return candidate.knownCount > best.knownCount;
}

class Scanner {
  private readonly memo = new Map<string, Reading | null>();

  constructor(
    private readonly s: string,
    private readonly verbatim: boolean,
  ) {}

  scanObject(): BodyFields | null {
    let i = this.skipWs(0);
    if (this.s[i] !== "{") return null;
    i = this.skipWs(i + 1);
    const reading = this.s[i] === "}" ? this.closeObject(i) : this.scanMembers(i, new Set());
    if (!reading) return null;
    return Object.fromEntries(reading.members);
  }

  /** Reads `"key": value` pairs from `i` to the closing brace; null when no consistent reading exists. */
  private scanMembers(i: number, seen: ReadonlySet<string>): Reading | null {
    const memoKey = `${i}|${[...seen].sort().join(",")}`;
    const cached = this.memo.get(memoKey);
    if (cached !== undefined) return cached;
    const result = this.scanMembersUncached(i, seen);
    this.memo.set(memoKey, result);
    return result;
  }

  private scanMembersUncached(i: number, seen: ReadonlySet<string>): Reading | null {
    const key = this.readJsonString(i);
    if (!key || typeof key.value !== "string" || seen.has(key.value)) return null;
    let j = this.skipWs(key.end);
    if (this.s[j] !== ":") return null;
    j = this.skipWs(j + 1);
    const name = key.value;
    const nextSeen = new Set(seen).add(name);

    const quoted = this.s[j] === '"';
    if (quoted && FREE_TEXT_KEYS.has(name)) return this.bestFreeTextReading(name, j, nextSeen);
    const value = this.readJsonValue(j);
    const rest = value && this.afterValue(value.end, nextSeen);
    if (value && rest) return this.prepend([name, value.value], rest);
    // Any other string that does not read as JSON was probably templated without json_escape too.
    return quoted ? this.bestFreeTextReading(name, j, nextSeen) : null;
  }

  /** A free-text value may contain quotes and commas: try each place it could end, keep the best reading. */
  private bestFreeTextReading(name: string, open: number, seen: ReadonlySet<string>): Reading | null {
    let best: Reading | null = null;
    let candidates = 0;
    for (let close = this.s.lastIndexOf('"'); close > open; close = this.s.lastIndexOf('"', close - 1)) {
      const after = this.skipWs(close + 1);
      if (this.s[after] !== "," && this.s[after] !== "}") continue;
      if (++candidates > MAX_CANDIDATES) break;
      const value = this.freeTextValue(open, close);
      if (value === undefined) continue;
      const rest = this.afterValue(close + 1, seen);
      if (!rest) continue;
      const reading = this.prepend([name, value], rest);
      // Scanning from the right, a later ending only loses to an earlier one that recognises more.
      if (!best || isBetter(reading, best)) best = reading;
    }
    return best;
  }

  private freeTextValue(open: number, close: number): string | undefined {
    const raw = this.s.slice(open + 1, close);
    if (this.verbatim) return raw;
    const decoded = tryJsonParse(`"${raw}"`);
    return decoded.ok && typeof decoded.value === "string" ? decoded.value : undefined;
  }

  private afterValue(i: number, seen: ReadonlySet<string>): Reading | null {
    const j = this.skipWs(i);
    if (this.s[j] === "}") return this.closeObject(j);
    if (this.s[j] !== ",") return null;
    return this.scanMembers(this.skipWs(j + 1), seen);
  }

  private closeObject(brace: number): Reading | null {
    return this.skipWs(brace + 1) === this.s.length ? { members: [], identityCount: 0, knownCount: 0 } : null;
  }

  private prepend(member: Member, rest: Reading): Reading {
    return {
      members: [member, ...rest.members],
      identityCount: rest.identityCount + (IDENTITY_KEYS.has(member[0]) ? 1 : 0),
      knownCount: rest.knownCount + (KNOWN_KEYS.has(member[0]) ? 1 : 0),
    };
  }

  /** The extent and value of a strict JSON value starting at `i`, or null. */
  private readJsonValue(i: number): { value: unknown; end: number } | null {
    const c = this.s[i];
    if (c === '"') return this.readJsonString(i);
    if (c === "{" || c === "[") return this.readJsonContainer(i);
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(i, i + 64));
    if (!literal) return null;
    return { value: JSON.parse(literal[0]), end: i + literal[0].length };
  }

  private readJsonString(i: number): { value: unknown; end: number } | null {
    if (this.s[i] !== '"') return null;
    for (let j = i + 1; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === "\\") j++;
      else if (c === '"') {
        const parsed = tryJsonParse(this.s.slice(i, j + 1));
        return parsed.ok ? { value: parsed.value, end: j + 1 } : null;
      }
    }
    return null;
  }

  private readJsonContainer(i: number): { value: unknown; end: number } | null {
    let depth = 0;
    for (let j = i; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '"') {
        const str = this.readJsonString(j);
        if (!str) return null;
        j = str.end - 1;
      } else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) {
          const parsed = tryJsonParse(this.s.slice(i, j + 1));
          return parsed.ok ? { value: parsed.value, end: j + 1 } : null;
        }
      }
    }
    return null;
  }

  private skipWs(i: number): number {
    let j = i;
    while (j < this.s.length && /\s/.test(this.s[j] ?? "")) j++;
    return j;
  }
}
