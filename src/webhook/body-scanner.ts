// The character-level reading the template recovery is built from: JSON strings, keys, numbers, literals and
// containers, each charging the characters it examines to one step budget for the whole body, so that no
// combination of calls can make a body cost more than budgetPerChar steps a character.

/** Thrown by charge() when the budget is spent; the recovery then makes the rest of the body the message. */
export class BudgetExhausted extends Error {}

const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * Whether `s[from, to)` is the inside of a valid JSON string: checked first, so JSON.parse never throws
 * (exceptions cost microseconds each). A loop, not a regex: a backtracking regex overflows the stack on
 * millions of characters.
 */
export function isJsonStringBody(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c < 0x20) return false;
    if (c !== 0x5c) continue;
    const e = s.charCodeAt(++i);
    if (SIMPLE_ESCAPES.has(e)) continue;
    if (e !== 0x75 || i + 4 >= to) return false;
    for (let k = 1; k <= 4; k++) if (!isHex(s.charCodeAt(i + k))) return false;
    i += 4;
  }
  return true;
}

export const isJsonWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Longer keys are not a template's: refusing them keeps every key scan short. */
const MAX_KEY_LENGTH = 128;
const LITERALS = ["true", "false", "null"] as const;
/** JSON numbers longer than this are not a template's. */
const MAX_SCALAR_LENGTH = 64;

export class BodyScanner {
  steps = 0;
  private readonly budget: number;
  /** Per position: 0 not measured yet, -1 no container closes there, else the end of the container opening there. */
  private readonly containerEnds: Int32Array;

  constructor(
    private readonly s: string,
    budgetPerChar: number,
  ) {
    this.budget = budgetPerChar * Math.max(s.length, 16);
    this.containerEnds = new Int32Array(s.length + 1);
  }

  /**
   * A quoted value's text: exactly as typed, or JSON-decoded when `decode` (the body was valid JSON, read here
   * only because a field repeats) and the value is a valid JSON string.
   */
  freeTextValue(open: number, close: number, decode: boolean): string {
    const raw = this.s.slice(open + 1, close);
    this.charge(raw.length);
    return decode && isJsonStringBody(raw, 0, raw.length) ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

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

  atEnd(i: number): boolean {
    return this.skipWs(i) === this.s.length;
  }

  followedByMemberEnd(i: number): boolean {
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
    return this.strictStringEnd(i, MAX_KEY_LENGTH);
  }

  /** Where a strict JSON string starting at the quote `i` ends (after its closing quote), or -1; not decoded. */
  strictStringEnd(i: number, max = Number.POSITIVE_INFINITY): number {
    if (this.s.charCodeAt(i) !== QUOTE) return -1;
    const close = this.closingQuote(i, max);
    if (close < 0) return -1;
    if (this.lastQuoteWasPlain) return close + 1;
    this.charge(close - i);
    return isJsonStringBody(this.s, i + 1, close) ? close + 1 : -1;
  }

  /** Whether the key text between the quotes `[open, end)` is one of `keys` (compared without decoding). */
  keyIs(open: number, end: number, keys: ReadonlySet<string>): boolean {
    return end - open - 2 <= 32 && keys.has(this.s.slice(open + 1, end - 1));
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
    return isJsonStringBody(inside, 0, inside.length)
      ? { value: JSON.parse(`"${inside}"`) as string, end: close + 1 }
      : null;
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
    const j = this.lastNonWsBefore(this.s.length);
    this.charge(this.s.length - j);
    return j;
  }

  /** The last non-whitespace position before `end`, or -1; not charged (the fallback runs once the budget is spent). */
  lastNonWsBefore(end: number): number {
    let j = end - 1;
    while (j >= 0 && isJsonWhitespace(this.s.charCodeAt(j))) j--;
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
