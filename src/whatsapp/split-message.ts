// Splits a reply into WhatsApp-sized parts: at a paragraph, else a sentence end, else a space, else a
// character boundary; never inside a surrogate pair, an emoji sequence (a grapheme) or a URL.

/** Meta's limit for a text message body (characters; we count UTF-16 units, which is stricter). */
export const WHATSAPP_TEXT_LIMIT = 4096;

const URL_PATTERN = /https?:\/\/\S+/g;

export function splitMessage(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = chooseCut(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function chooseCut(text: string, limit: number): number {
  const safe = graphemeFloor(text, limit);
  const window = text.slice(0, safe);
  const minimum = Math.floor(limit / 3); // never make a tiny part just to hit a preferred boundary
  const candidates = [
    lastMatchEnd(window, /\n\s*\n/g),
    lastMatchEnd(window, /[.!?。！？](?=\s)/g),
    lastMatchEnd(window, /\s/g),
  ];
  for (const cut of candidates) {
    if (cut >= minimum && !insideUrl(text, cut)) return cut;
  }
  const beforeUrl = urlStartCovering(text, safe);
  return beforeUrl !== undefined && beforeUrl > 0 ? beforeUrl : safe;
}

/** The largest grapheme boundary at or below `limit`. */
function graphemeFloor(text: string, limit: number): number {
  let boundary = 0;
  for (const { index } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(
    text.slice(0, limit + 16),
  )) {
    if (index > limit) break;
    boundary = index;
  }
  const whole = text.slice(0, limit + 16);
  return whole.length <= limit ? whole.length : boundary;
}

function lastMatchEnd(text: string, pattern: RegExp): number {
  let end = -1;
  for (const match of text.matchAll(pattern)) end = match.index + match[0].length;
  return end;
}

function insideUrl(text: string, cut: number): boolean {
  return urlStartCovering(text, cut) !== undefined;
}

function urlStartCovering(text: string, position: number): number | undefined {
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index < position && position < match.index + match[0].length) return match.index;
  }
  return undefined;
}
