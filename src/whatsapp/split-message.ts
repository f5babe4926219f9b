// Splits a reply into WhatsApp-sized parts: at a paragraph, else a sentence end (。！？ too), else a space, else
// a grapheme boundary; never inside a surrogate pair, an emoji sequence (a grapheme) or a URL shorter than a part.

/** Meta's limit for a text message body (characters; we count UTF-16 units, which is stricter). */
export const WHATSAPP_TEXT_LIMIT = 4096;

// A URL ends at whitespace or at CJK punctuation, so "詳しくはhttps://x.jp/faqをご覧ください。" can still be cut
// after its "。". Characters after the URL that are not punctuation are counted as URL, erring on the safe side.
const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s<>"「」『』（）【】。、！？]+/gi;

// Preferred cuts, best first; each cut lands at the end of a match.
const PARAGRAPH = /\n[^\S\n]*\n/g; // also "\r\n\r\n"
const SENTENCE = /[.!?…]["'”’)\]]*(?=\s)|[。！？][」』）】”’]*/g; // CJK sentences are not followed by a space
const SPACE = /\s/g;

export function splitMessage(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  // Below two units an astral character (one emoji half) could not be placed in any part.
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`limit must be an integer >= 2, got ${limit}`);
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = chooseCut(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part !== "") parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== "") parts.push(rest);
  return parts;
}

/** Where to end the next part: always > 0 and <= limit, so the loop above always progresses. */
function chooseCut(text: string, limit: number): number {
  const boundaries = graphemeBoundaries(text, limit);
  const safe = [...boundaries].at(-1) ?? codePointFloor(text, limit);
  const urls = urlRanges(text);
  const minimum = Math.floor(limit / 3); // never make a tiny part just to hit a preferred boundary
  const allowed = (cut: number) =>
    cut >= minimum && cut <= safe && boundaries.has(cut) && !urls.some(([s, e]) => s < cut && cut < e);
  // One character past `safe`, so that SENTENCE's look-ahead can see the space after a final ".".
  const window = text.slice(0, safe + 1);
  for (const pattern of [PARAGRAPH, SENTENCE, SPACE]) {
    const cut = lastMatchEnd(window, pattern, allowed);
    if (cut !== undefined) return cut;
  }
  // No good boundary: stop before a URL that would straddle the cut; a URL longer than a whole part
  // (it starts the text) can only be cut hard.
  const straddling = urls.find(([s, e]) => s < safe && safe < e);
  const urlStart = straddling?.[0] ?? 0;
  return urlStart > 0 && boundaries.has(urlStart) ? urlStart : safe;
}

/** Grapheme boundaries in (0, limit], ascending; a cut there never splits an emoji sequence or "\r\n". */
function graphemeBoundaries(text: string, limit: number): Set<number> {
  // Whether `limit` is a boundary depends on the character after it, hence the extra look-ahead.
  const segments = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text.slice(0, limit + 8));
  const boundaries = new Set<number>();
  for (const { index } of segments) if (index > 0 && index <= limit) boundaries.add(index);
  return boundaries;
}

/** Only for a single grapheme longer than the limit (e.g. thousands of combining marks). */
function codePointFloor(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

function urlRanges(text: string): Array<[number, number]> {
  return [...text.matchAll(URL_PATTERN)].map((match) => [match.index, match.index + match[0].length]);
}

function lastMatchEnd(text: string, pattern: RegExp, allowed: (cut: number) => boolean): number | undefined {
  let best: number | undefined;
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[0].length;
    if (allowed(end)) best = end;
  }
  return best;
}
