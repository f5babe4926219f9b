// The right-to-left pass of the template recovery: for every position after the first free-text value, how
// many members the rest of the body holds if it reads as `, "key": value ... }`, and which quote best closes a
// string opened before it. Built once per body in one pass; every member weighed is charged to the scanner.
import { type BodyScanner, isJsonWhitespace, QUOTE } from "./body-scanner";

/**
 * Member-shaped pieces (`, "key":`) after the first free-text value that the recovery will weigh: a template
 * has a handful, natural text almost none; past this the body is an attack and the rest of it is the message.
 * It keeps the per-member work, the costly part, to a constant.
 */
export const MAX_MEMBERS_AFTER_TEXT = 256;

/**
 * For every position from `from` to the end: how many members the rest of the body holds if it reads as a
 * valid tail (`}` or `, "key": value` ... `}`), and the best closing quote at or after each position.
 */
export class TailPlan {
  /** Member-shaped pieces weighed so far (MAX_MEMBERS_AFTER_TEXT). */
  private members = 0;
  /**
   * Written only where it is read, so the pass touches little memory: at each `,` and `}`, 1 + the members of
   * the valid tail starting there (0: none starts there); at each quote, 1 + the best closing quote at or
   * after it (0: none). Index = position - from.
   */
  private readonly plan: Int32Array;

  constructor(
    private readonly r: BodyScanner,
    private readonly from: number,
    /** Keys whose values may hold unescaped text; any other string value ends at its first unescaped quote. */
    private readonly freeTextKeys: ReadonlySet<string>,
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
    this.r.charge(j - p + 1);
    const c = s.charCodeAt(j);
    return c === 0x2c || c === 0x7d ? (this.plan[j - this.from] as number) - 1 : -1;
  }

  /**
   * Where the string value opening at the quote `value` ends, for the member whose key spans `[key, keyEnd)`.
   * Only free text may hold unescaped quotes: pasted JSON (`{"x": "1"} thanks`) then cannot form a tail that
   * swallows the rest of the message, while an operator's fields, plain or escaped, are still recognised.
   */
  stringValueEnd(key: number, keyEnd: number, value: number): number {
    if (!this.r.keyIs(key, keyEnd, this.freeTextKeys)) return this.r.strictStringEnd(value);
    const close = this.bestCloseFrom(value + 1);
    return close < 0 ? -1 : close + 1;
  }

  /** Members in the tail after a member starting at the quote `k` (the member not counted), or -1. */
  private memberTail(k: number): number {
    const keyEnd = this.r.keyEnd(k);
    const value = keyEnd < 0 ? -1 : this.r.valueStart(keyEnd);
    if (value < 0) return -1;
    if (++this.members > MAX_MEMBERS_AFTER_TEXT) this.r.exhaust();
    if (this.r.code(value) === QUOTE) {
      const end = this.stringValueEnd(k, keyEnd, value);
      return end < 0 ? -1 : this.tailAt(end);
    }
    const end = this.r.nonStringEnd(value);
    return end < 0 ? -1 : this.tailAt(end);
  }
}
