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
import { BodyScanner, BudgetExhausted, QUOTE } from "./body-scanner";
import { TailPlan } from "./tail-plan";

/**
 * Steps per body character the whole recovery may take: the bound named in README "Webhook body". The worst
 * generated body measured needs 3.75 (test/corpus/adversarial-bodies.ts); twice that leaves room.
 */
export const STEP_BUDGET_PER_CHAR = 8;

/** Values the customer (or their WhatsApp profile) types: read verbatim when they are not valid JSON strings. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(["message", "profile_name"]);

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

/**
 * Null when the body is not even the start of a template (no object, or a malformed operator field). Only the
 * `knownKeys` members are returned: the others are read past, never decoded. Free text is kept exactly as
 * typed unless `decodeEscapes` (the body is valid JSON, recovered only because a field repeats).
 */
export function recoverTemplate(
  text: string,
  knownKeys: ReadonlySet<string>,
  options: { budgetPerChar?: number; decodeEscapes?: boolean } = {},
): Recovery | null {
  const reader = new TemplateReader(
    text,
    knownKeys,
    options.budgetPerChar ?? STEP_BUDGET_PER_CHAR,
    options.decodeEscapes ?? false,
  );
  try {
    return reader.read();
  } catch (error) {
    if (error instanceof BudgetExhausted) return reader.fallback();
    throw error;
  }
}

class TemplateReader {
  private readonly scan: BodyScanner;
  private readonly members: RecoveredMember[] = [];
  /** The opening quote of the first free-text value, once phase 1 reaches it. */
  private freeTextOpen = -1;

  constructor(
    private readonly s: string,
    private readonly knownKeys: ReadonlySet<string>,
    budgetPerChar: number,
    private readonly decodeEscapes: boolean,
  ) {
    this.scan = new BodyScanner(s, budgetPerChar);
  }

  read(): Recovery | null {
    const start = this.scan.skipWs(0);
    if (this.s.charCodeAt(start) !== 0x7b) return null;
    const afterPrefix = this.readPrefix(this.scan.skipWs(start + 1));
    if (afterPrefix === null) return null;
    if (this.freeTextOpen < 0) return this.result();
    return this.readFreeText(afterPrefix.key) ? this.result() : null;
  }

  /** Phase 1: strict members up to the first free-text value; null on a malformed operator field. */
  private readPrefix(first: number): { key: string } | null {
    let i = first;
    if (this.s.charCodeAt(i) === 0x7d) return this.scan.atEnd(i + 1) ? { key: "" } : null;
    for (;;) {
      const key = this.scan.readKey(i);
      if (!key) return null;
      const value = this.scan.valueStart(key.end);
      if (value < 0) return null;
      if (this.s.charCodeAt(value) === QUOTE) {
        const strict = FREE_TEXT_KEYS.has(key.key) ? null : this.scan.readStrictString(value);
        if (!strict || !this.scan.followedByMemberEnd(strict.end)) {
          this.freeTextOpen = value;
          return { key: key.key };
        }
        if (this.knownKeys.has(key.key)) this.members.push({ key: key.key, value: strict.value, afterFreeText: false });
        i = strict.end;
      } else {
        const scalar = this.scan.readNonString(value);
        if (!scalar) return null;
        if (this.knownKeys.has(key.key)) this.members.push({ key: key.key, value: scalar.value, afterFreeText: false });
        i = scalar.end;
      }
      const next = this.scan.skipWs(i);
      if (this.s.charCodeAt(next) === 0x7d) return this.scan.atEnd(next + 1) ? { key: "" } : null;
      if (this.s.charCodeAt(next) !== 0x2c) return null;
      i = this.scan.skipWs(next + 1);
    }
  }

  /** Phase 2: the right-to-left pass, then the walk along the best reading; false when none fits. */
  private readFreeText(firstKey: string): boolean {
    const plan = new TailPlan(this.scan, this.freeTextOpen + 1, FREE_TEXT_KEYS);
    const close = plan.bestCloseFrom(this.freeTextOpen + 1);
    if (close < 0) return false;
    if (this.knownKeys.has(firstKey)) this.keep(firstKey, this.text(this.freeTextOpen, close));
    let i = this.scan.skipWs(close + 1);
    while (this.s.charCodeAt(i) === 0x2c) {
      const keyStart = this.scan.skipWs(i + 1);
      const key = this.scan.readKey(keyStart);
      const value = key ? this.scan.valueStart(key.end) : -1;
      if (!key || value < 0) return false;
      const quoted = this.s.charCodeAt(value) === QUOTE;
      const end = quoted ? plan.stringValueEnd(keyStart, key.end, value) : this.scan.nonStringEnd(value);
      if (end < 0) return false;
      if (this.knownKeys.has(key.key))
        this.keep(key.key, quoted ? this.text(value, end - 1) : (this.scan.readNonString(value)?.value ?? null));
      i = this.scan.skipWs(end);
    }
    return this.s.charCodeAt(i) === 0x7d && this.scan.atEnd(i + 1);
  }

  private text(open: number, close: number): string {
    return this.scan.freeTextValue(open, close, this.decodeEscapes);
  }

  /** Records a member read from the free-text part (values of keys the Worker does not know are never decoded). */
  private keep(key: string, value: unknown): void {
    this.members.push({ key, value, afterFreeText: true });
  }

  /** The rest of the body after the first free-text value's opening quote, up to the template's closing `"}`. */
  fallback(): Recovery | null {
    const open = this.freeTextOpen;
    if (open < 0) return null;
    // The template's own ending, `"` then `}` with only whitespace around, is not part of the text.
    const brace = this.scan.lastNonWsBefore(this.s.length);
    const quote = this.s.charCodeAt(brace) === 0x7d ? this.scan.lastNonWsBefore(brace) : -1;
    const end = quote > open && this.s.charCodeAt(quote) === QUOTE ? quote : this.s.length;
    const rest = this.s.slice(open + 1, end);
    const prefix = this.members.filter((m) => !m.afterFreeText);
    prefix.push({ key: "message", value: rest, afterFreeText: true });
    return { members: prefix, fallback: true, steps: this.scan.steps };
  }

  private result(): Recovery {
    return { members: this.members, fallback: false, steps: this.scan.steps };
  }
}
