// Reads a webhook body that is not valid JSON as Braze's template with unescaped customer text, in time linear
// in its size. Two phases, never recursion per field:
//  1. the operator's fields before the first free-text value, read strictly left to right (they come from the
//     template and Braze's profile, not from the customer);
//  2. from that value on, one right-to-left pass computes, for every position, whether the rest of the body
//     reads as `, "key": value ... }` and with how many members; each free-text value then ends at the quote
//     after which the most members follow (the operator's trailing fields are recognised, not glued into the
//     text), the latest such quote on a tie (the customer's text is kept whole).
// Every character examined counts against a budget of STEP_BUDGET_PER_CHAR × body length for the whole body;
// when it runs out, the rest of the body is the message; when no reading exists, the body is refused.

/**
 * Steps per body character the whole recovery may take: the bound named in README "Webhook body". The worst
 * generated body measured needs 3.6 (test/corpus/adversarial-bodies.ts); twice that leaves room.
 */
export const STEP_BUDGET_PER_CHAR = 8;

/** Values the customer (or their WhatsApp profile) types: read verbatim when they are not valid JSON strings. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(["message", "profile_name"]);

/**
 * Member-shaped pieces (`, "key":`) after the first free-text value that the recovery will weigh: a template
 * has a handful, natural text almost none; past this the body is an attack and the rest of it is the message.
 * It keeps the per-member work, the costly part, to a constant.
 */
export const MAX_MEMBERS_AFTER_TEXT = 256;

/** Longer keys are not a template's: refusing them keeps every key scan short. */
const MAX_KEY_LENGTH = 128;
const LITERALS = ["true", "false", "null"] as const;
/** JSON numbers longer than this are not a template's. */
const MAX_SCALAR_LENGTH = 64;

export interface RecoveredMember {
  key: string;
  value: unknown;
  /** Read from the free-text part of the body (at or after the first free-text value). */
  afterFreeText: boolean;
}

export interface Recovery {
  members: RecoveredMember[];
  /** The budget ran out: the rest of the body after the first free-text value is the message. */
  fallback: boolean;
  /** Steps taken, for the property tests that hold the bound. */
  steps: number;
}

class BudgetExhausted extends Error {}

/**
 * Null when the body is not even the start of a template (no object, or a malformed operator field). Only the
 * `knownKeys` members are returned: the others are read past, never decoded.
 */
export function recoverTemplate(
  text: string,
  knownKeys: ReadonlySet<string>,
  budgetPerChar = STEP_BUDGET_PER_CHAR,
): Recovery | null {
  const reader = new TemplateReader(text, knownKeys, budgetPerChar);
  try {
    return reader.read();
  } catch (error) {
    if (error instanceof BudgetExhausted) return reader.fallback();
    throw error;
  }
}

/** The inside of a valid JSON string: tested first, so JSON.parse never throws (exceptions cost microseconds each). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings forbid raw control characters; this is that rule
const JSON_STRING_BODY = /^(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*$/;

const isJsonWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class TemplateReader {
  private steps = 0;
  private readonly budget: number;
  private readonly members: RecoveredMember[] = [];
  /** The opening quote of the first free-text value, once phase 1 reaches it. */
  private freeTextOpen = -1;
  /** Per position: 0 not measured yet, -1 no container closes there, else the end of the container opening there. */
  private readonly containerEnds: Int32Array;

  constructor(
    private readonly s: string,
    private readonly knownKeys: ReadonlySet<string>,
    budgetPerChar: number,
  ) {
    this.budget = budgetPerChar * Math.max(s.length, 16);
    this.containerEnds = new Int32Array(s.length + 1);
  }

  read(): Recovery | null {
    const start = this.skipWs(0);
    if (this.s.charCodeAt(start) !== 0x7b) return null;
    const afterPrefix = this.readPrefix(this.skipWs(start + 1));
    if (afterPrefix === null) return null;
    if (this.freeTextOpen < 0) return this.result(false);
    return this.readFreeText(afterPrefix.key) ? this.result(false) : null;
  }

  /** Phase 1: strict members up to the first free-text value; null on a malformed operator field. */
  private readPrefix(first: number): { key: string } | null {
    let i = first;
    if (this.s.charCodeAt(i) === 0x7d) return this.atEnd(i + 1) ? { key: "" } : null;
    for (;;) {
      const key = this.readKey(i);
      if (!key) return null;
      const value = this.valueStart(key.end);
      if (value < 0) return null;
      if (this.s.charCodeAt(value) === QUOTE) {
        const strict = FREE_TEXT_KEYS.has(key.key) ? null : this.readStrictString(value);
        if (!strict || !this.followedByMemberEnd(strict.end)) {
          this.freeTextOpen = value;
          return { key: key.key };
        }
        if (this.knownKeys.has(key.key)) this.members.push({ key: key.key, value: strict.value, afterFreeText: false });
        i = strict.end;
      } else {
        const scalar = this.readNonString(value);
        if (!scalar) return null;
        if (this.knownKeys.has(key.key)) this.members.push({ key: key.key, value: scalar.value, afterFreeText: false });
        i = scalar.end;
      }
      const next = this.skipWs(i);
      if (this.s.charCodeAt(next) === 0x7d) return this.atEnd(next + 1) ? { key: "" } : null;
      if (this.s.charCodeAt(next) !== 0x2c) return null;
      i = this.skipWs(next + 1);
    }
  }

  /** Phase 2: the right-to-left pass, then the walk along the best reading; false when none fits. */
  private readFreeText(firstKey: string): boolean {
    const plan = new TailPlan(this, this.freeTextOpen + 1);
    const close = plan.bestCloseFrom(this.freeTextOpen + 1);
    if (close < 0) return false;
    if (this.knownKeys.has(firstKey)) this.keep(firstKey, this.freeTextValue(this.freeTextOpen, close));
    let i = this.skipWs(close + 1);
    while (this.s.charCodeAt(i) === 0x2c) {
      const key = this.readKey(this.skipWs(i + 1));
      const value = key ? this.valueStart(key.end) : -1;
      if (!key || value < 0) return false;
      const quoted = this.s.charCodeAt(value) === QUOTE;
      const end = quoted ? plan.bestCloseFrom(value + 1) + 1 : this.nonStringEnd(value);
      if (end <= 0) return false;
      if (this.knownKeys.has(key.key))
        this.keep(key.key, quoted ? this.freeTextValue(value, end - 1) : (this.readNonString(value)?.value ?? null));
      i = this.skipWs(end);
    }
    return this.s.charCodeAt(i) === 0x7d && this.atEnd(i + 1);
  }

  /** Records a member read from the free-text part (values of keys the Worker does not know are never decoded). */
  private keep(key: string, value: unknown): void {
    this.members.push({ key, value, afterFreeText: true });
  }

  /** The rest of the body after the first free-text value's opening quote, up to the template's closing `"}`. */
  fallback(): Recovery | null {
    const open = this.freeTextOpen;
    if (open < 0) return null;
    const close = /"\s*\}\s*$/.exec(this.s.slice(open + 1));
    const rest = this.s.slice(open + 1, close ? open + 1 + close.index : this.s.length);
    const prefix = this.members.filter((m) => !m.afterFreeText);
    prefix.push({ key: "message", value: rest, afterFreeText: true });
    return { members: prefix, fallback: true, steps: this.steps };
  }

  private result(fallback: boolean): Recovery {
    return { members: this.members, fallback, steps: this.steps };
  }

  /** A quoted value's text: JSON-decoded when it is a valid JSON string body, else exactly as typed. */
  private freeTextValue(open: number, close: number): string {
    const raw = this.s.slice(open + 1, close);
    this.charge(raw.length);
    // Raw quotes, control characters or a stray backslash: typed into an unescaped template, kept as typed.
    return JSON_STRING_BODY.test(raw) ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  // ---- primitives, each charging the characters it examines ----

  /** The first quote at or after `p`, or -1 (charged like the characters it passes). */
  nextQuote(p: number): number {
    const quote = this.s.indexOf('"', p);
    this.charge(quote < 0 ? this.s.length - p : quote - p + 1);
    return quote;
  }

  exhaust(): never {
    throw new BudgetExhausted();
  }

  charge(n: number): void {
    this.steps += n;
    if (this.steps > this.budget) throw new BudgetExhausted();
  }

  get length(): number {
    return this.s.length;
  }

  get text(): string {
    return this.s;
  }

  code(i: number): number {
    return this.s.charCodeAt(i);
  }

  skipWs(i: number): number {
    let j = i;
    while (j < this.s.length && isJsonWhitespace(this.s.charCodeAt(j))) j++;
    // Counted, not checked: a run of whitespace is passed once per caller; the loops that call it check.
    this.steps += j - i + 1;
    return j;
  }

  private atEnd(i: number): boolean {
    return this.skipWs(i) === this.s.length;
  }

  private followedByMemberEnd(i: number): boolean {
    const c = this.s.charCodeAt(this.skipWs(i));
    return c === 0x2c || c === 0x7d;
  }

  /** Where the value of the member whose key ends at `keyEnd` starts, or -1 without a colon. */
  valueStart(keyEnd: number): number {
    const colon = this.skipWs(keyEnd);
    return this.s.charCodeAt(colon) === 0x3a ? this.skipWs(colon + 1) : -1;
  }

  /** Where a key (a JSON string of at most MAX_KEY_LENGTH characters) starting at `i` ends, or -1; not decoded. */
  keyEnd(i: number): number {
    if (this.s.charCodeAt(i) !== QUOTE) return -1;
    const close = this.closingQuote(i, MAX_KEY_LENGTH);
    if (close < 0) return -1;
    return this.lastQuoteWasPlain || JSON_STRING_BODY.test(this.s.slice(i + 1, close)) ? close + 1 : -1;
  }

  /** A key: a JSON string of at most MAX_KEY_LENGTH characters. */
  readKey(i: number): { key: string; end: number } | null {
    const str = this.readStrictString(i, MAX_KEY_LENGTH);
    return str ? { key: str.value, end: str.end } : null;
  }

  /** A strict JSON string starting at the quote `i`, optionally no longer than `max`. */
  readStrictString(i: number, max = Number.POSITIVE_INFINITY): { value: string; end: number } | null {
    if (this.s.charCodeAt(i) !== QUOTE) return null;
    const close = this.closingQuote(i, max);
    if (close < 0) return null;
    const inside = this.s.slice(i + 1, close);
    if (this.lastQuoteWasPlain) return { value: inside, end: close + 1 };
    this.charge(inside.length);
    return JSON_STRING_BODY.test(inside) ? { value: JSON.parse(`"${inside}"`) as string, end: close + 1 } : null;
  }

  /** Whether the string closingQuote last measured had no backslash and no control character. */
  private lastQuoteWasPlain = false;

  /** The next quote after `open` that a backslash does not escape, within `max` characters; -1 if none. */
  private closingQuote(open: number, max: number): number {
    const limit = Math.min(this.s.length, open + 1 + max + 1);
    let plain = true;
    let j = open + 1;
    for (; j < limit; j++) {
      const c = this.s.charCodeAt(j);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        plain = false;
        j++;
      } else if (c < 0x20) plain = false;
    }
    this.charge(j - open);
    this.lastQuoteWasPlain = plain;
    return j < limit && this.s.charCodeAt(j) === QUOTE ? j : -1;
  }

  /** The last position that is not whitespace, or -1. */
  skipWsBackward(): number {
    let j = this.s.length - 1;
    while (j >= 0 && isJsonWhitespace(this.s.charCodeAt(j))) j--;
    this.charge(this.s.length - j);
    return j;
  }

  /** Where a number, literal, object or array starting at `i` ends, or -1 (containers checked by brackets only). */
  nonStringEnd(i: number): number {
    const c = this.s.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return this.containerEnd(i);
    for (const literal of LITERALS) {
      if (this.s.startsWith(literal, i)) {
        this.charge(literal.length);
        return i + literal.length;
      }
    }
    return this.numberEnd(i);
  }

  /** JSON's number grammar, at most MAX_SCALAR_LENGTH characters. */
  private numberEnd(i: number): number {
    const limit = Math.min(this.s.length, i + MAX_SCALAR_LENGTH);
    const isDigit = (j: number) => j < limit && this.s.charCodeAt(j) >= 0x30 && this.s.charCodeAt(j) <= 0x39;
    const digits = (j: number) => {
      let k = j;
      while (isDigit(k)) k++;
      return k;
    };
    let j = this.s.charCodeAt(i) === 0x2d ? i + 1 : i;
    const integerEnd = digits(j);
    if (integerEnd === j) return -1;
    j = integerEnd;
    if (this.s.charCodeAt(j) === 0x2e) {
      const fractionEnd = digits(j + 1);
      if (fractionEnd === j + 1) return -1;
      j = fractionEnd;
    }
    const e = this.s.charCodeAt(j);
    if (e === 0x65 || e === 0x45) {
      const sign = this.s.charCodeAt(j + 1);
      const from = sign === 0x2b || sign === 0x2d ? j + 2 : j + 1;
      const exponentEnd = digits(from);
      if (exponentEnd === from) return -1;
      j = exponentEnd;
    }
    this.charge(j - i + 1);
    return j;
  }

  /** A number, literal, object or array at `i`, parsed; null if it is not strict JSON. */
  readNonString(i: number): { value: unknown; end: number } | null {
    const end = this.nonStringEnd(i);
    if (end < 0) return null;
    const slice = this.s.slice(i, end);
    this.charge(slice.length);
    try {
      return { value: JSON.parse(slice), end };
    } catch {
      return null;
    }
  }

  /**
   * The end of an object or array at `open` whose brackets balance outside strings, or -1. Containers already
   * measured are jumped over, so nested members met again in the right-to-left pass cost nothing twice; the
   * one container a reading keeps is parsed strictly by readNonString.
   */
  private containerEnd(open: number): number {
    const known = this.containerEnds[open] ?? 0;
    if (known !== 0) return known;
    const closers: number[] = [];
    let end = -1;
    let examined = 0;
    for (let j = open; j < this.s.length; j++) {
      examined++;
      const c = this.s.charCodeAt(j);
      if (c === QUOTE) {
        j = this.closingQuote(j, Number.POSITIVE_INFINITY);
        if (j < 0) break;
      } else if (c === 0x7b || c === 0x5b) {
        const inner = j > open ? (this.containerEnds[j] ?? 0) : 0;
        // An inner container that does not close means this one cannot either: from j both scans see the same.
        if (inner === -1) break;
        if (inner > 0) j = inner - 1;
        else closers.push(c === 0x7b ? 0x7d : 0x5d);
      } else if (c === 0x7d || c === 0x5d) {
        if (closers.pop() !== c) break;
        if (closers.length === 0) {
          end = j + 1;
          break;
        }
      }
    }
    this.charge(examined);
    this.containerEnds[open] = end;
    return end;
  }
}

/**
 * For every position from `from` to the end: how many members the rest of the body holds if it reads as a
 * valid tail (`}` or `, "key": value` ... `}`), and the best closing quote at or after each position.
 */
class TailPlan {
  /** Member-shaped pieces weighed so far (MAX_MEMBERS_AFTER_TEXT). */
  private members = 0;
  /**
   * Written only where it is read, so the pass touches little memory: at each `,` and `}`, 1 + the members of
   * the valid tail starting there (0: none starts there); at each quote, 1 + the best closing quote at or
   * after it (0: none). Index = position - from.
   */
  private readonly plan: Int32Array;

  constructor(
    private readonly r: TemplateReader,
    private readonly from: number,
  ) {
    const n = r.length;
    const plan = new Int32Array(n - from + 1);
    this.plan = plan;
    const lastNonWs = r.skipWsBackward();
    r.charge(n - from);
    const s = r.text;
    let later = -1;
    let laterTail = -1;
    for (let p = n - 1; p >= from; p--) {
      const c = s.charCodeAt(p);
      if (c === QUOTE) {
        const here = this.tailAt(p + 1);
        if (here > laterTail) {
          later = p;
          laterTail = here;
        }
        plan[p - from] = later + 1;
      } else if (c === 0x2c) {
        r.charge(1);
        const rest = this.memberTail(r.skipWs(p + 1));
        plan[p - from] = rest < 0 ? 0 : rest + 2;
      } else if (c === 0x7d && p === lastNonWs) plan[p - from] = 1;
    }
  }

  /** The best closing quote at or after `p`, or -1. */
  bestCloseFrom(p: number): number {
    const quote = this.r.nextQuote(p);
    return quote < 0 ? -1 : (this.plan[quote - this.from] ?? 0) - 1;
  }

  /** Members in the valid tail starting at `p` (after whitespace), or -1. */
  private tailAt(p: number): number {
    const s = this.r.text;
    let j = p;
    while (j < s.length && isJsonWhitespace(s.charCodeAt(j))) j++;
    const c = s.charCodeAt(j);
    return c === 0x2c || c === 0x7d ? (this.plan[j - this.from] as number) - 1 : -1;
  }

  /** Members in the tail after a member starting at the quote `k` (the member not counted), or -1. */
  private memberTail(k: number): number {
    const keyEnd = this.r.keyEnd(k);
    const value = keyEnd < 0 ? -1 : this.r.valueStart(keyEnd);
    if (value < 0) return -1;
    if (++this.members > MAX_MEMBERS_AFTER_TEXT) this.r.exhaust();
    if (this.r.code(value) === QUOTE) {
      const close = this.bestCloseFrom(value + 1);
      return close < 0 ? -1 : this.tailAt(close + 1);
    }
    const end = this.r.nonStringEnd(value);
    return end < 0 ? -1 : this.tailAt(end);
  }
}
