import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitMessage, WHATSAPP_TEXT_LIMIT } from "../../src/whatsapp/split-message";

const EMOJI = ["👨‍👩‍👧‍👦", "🇯🇵", "🇧🇷", "👍🏽", "1️⃣", "❤️", "🏳️‍🌈", "🧑🏾‍💻"];
const URLS = [
  "https://shop.example/returns?lang=en&x=1",
  "https://example.com/a_b_c/track?id=AB_12&utm_source=whatsapp",
  "http://www.example.org/faq#shipping",
];
const WORDS = ["order", "refund", "delivery", "Thanks", "tomorrow", "size", "colour", "olá", "日本"];

/** A text made of atoms, with the ranges of the atoms no cut may fall inside (emoji and URLs). */
function compose(atoms: string[]): { text: string; forbidden: Array<[number, number]> } {
  let text = "";
  const forbidden: Array<[number, number]> = [];
  for (const atom of atoms) {
    if (EMOJI.includes(atom) || URLS.includes(atom)) forbidden.push([text.length, text.length + atom.length]);
    text += atom;
  }
  return { text, forbidden };
}

/** A varied ~9,000-character reply: sentences, paragraphs, emoji sequences and URLs, deterministic. */
function longReply(length: number): { text: string; forbidden: Array<[number, number]> } {
  const atoms: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const atom =
      i % 7 === 3 ? (EMOJI[i % EMOJI.length] ?? "") : i % 11 === 5 ? (URLS[i % URLS.length] ?? "") : WORDS[i % 9];
    const separator = i % 23 === 22 ? ".\n\n" : i % 9 === 8 ? ". " : " ";
    atoms.push(atom ?? "", separator);
    size += (atom ?? "").length + separator.length;
  }
  return compose(atoms);
}

/**
 * Checks that the parts are the text's own slices, in order, separated only by whitespace, and returns the
 * offsets in the original text where one part ends and the next begins.
 */
function cutOffsets(text: string, parts: string[]): number[] {
  const cuts: number[] = [];
  let position = 0;
  for (const part of parts) {
    while (/\s/.test(text.charAt(position))) position++;
    expect(text.slice(position, position + part.length)).toBe(part);
    position += part.length;
    cuts.push(position);
  }
  expect(text.slice(position).trim()).toBe("");
  return cuts.slice(0, -1);
}

function expectWellFormed(parts: string[], limit: number): void {
  for (const part of parts) {
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThanOrEqual(limit);
    expect(part).toBe(part.trim());
  }
}

describe("splitMessage", () => {
  it("leaves a short reply whole", () => {
    expect(splitMessage("Hello!")).toEqual(["Hello!"]);
  });

  it("returns no parts for empty or whitespace-only input", () => {
    expect(splitMessage("")).toEqual([]);
    expect(splitMessage("  \r\n\t \n ")).toEqual([]);
  });

  it("keeps a reply of exactly the limit whole, after trimming the whitespace around it", () => {
    const text = "a".repeat(WHATSAPP_TEXT_LIMIT);
    expect(splitMessage(`\n ${text} \n`)).toEqual([text]);
  });

  it("splits a 9,000-character reply with emoji sequences, flags and URLs into ordered, non-empty parts within the limit, never inside an emoji or a URL", () => {
    const { text, forbidden } = longReply(9000);
    expect(text.length).toBeGreaterThanOrEqual(9000);
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expectWellFormed(parts, WHATSAPP_TEXT_LIMIT);
    expect(parts.join("").replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
    for (const cut of cutOffsets(text, parts)) {
      for (const [start, end] of forbidden) expect(start < cut && cut < end, `cut at ${cut}`).toBe(false);
    }
  });

  it("ends each part of a long reply at a sentence end or paragraph break when there is one", () => {
    const { text } = longReply(9000);
    const parts = splitMessage(text);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/\.$/);
  });

  it("prefers a paragraph break to a later sentence end", () => {
    const text = `${"First paragraph sentence. ".repeat(3)}\n\n${"Second one here. ".repeat(6)}`;
    const parts = splitMessage(text, 120);
    expect(parts[0]).toBe("First paragraph sentence. ".repeat(3).trim());
  });

  it("splits at a CRLF paragraph break and leaves no carriage return at either side of the cut", () => {
    const paragraph = "Line of a Windows-formatted reply. ".repeat(60).trim();
    const parts = splitMessage(`${paragraph}\r\n\r\n${paragraph}`, 3000);
    expect(parts).toEqual([paragraph, paragraph]);
  });

  it("cuts Japanese text without spaces after 。, keeping every character", () => {
    const sentence = "ご注文ありがとうございます。明日発送します！";
    const text = sentence.repeat(Math.ceil(9000 / sentence.length));
    const parts = splitMessage(text);
    expectWellFormed(parts, WHATSAPP_TEXT_LIMIT);
    expect(parts.join("")).toBe(text);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/[。！]$/);
  });

  it("cuts text with no spaces and no sentence end exactly at the limit", () => {
    const text = "あ".repeat(5000);
    expect(splitMessage(text).map((part) => part.length)).toEqual([WHATSAPP_TEXT_LIMIT, 5000 - WHATSAPP_TEXT_LIMIT]);
  });

  it("moves a URL that would straddle the cut into the next part when no space comes before it", () => {
    const url = "https://example.jp/faq/returns?lang=ja";
    const lead = "詳しく".repeat(1360); // 4,080 characters with no space and no 。
    const parts = splitMessage(`${lead}${url} をご覧ください。`);
    expect(parts).toEqual([lead, `${url} をご覧ください。`]);
  });

  it("cuts after 。 even when Japanese text runs straight on from a URL", () => {
    const text = `${"詳しくは".repeat(900)}https://example.jp/faqをご覧ください。${"次".repeat(900)}`;
    const parts = splitMessage(text);
    expect(parts[0]).toMatch(/https:\/\/example\.jp\/faqをご覧ください。$/);
    expect(parts.join("")).toBe(text);
  });

  it("gives a URL longer than the limit a part of its own, cut hard at the limit, its tail starting the next part", () => {
    const url = `https://example.com/${"a".repeat(5000)}`;
    const parts = splitMessage(`See ${url} for details.`);
    expect(parts).toEqual(["See", url.slice(0, WHATSAPP_TEXT_LIMIT), `${url.slice(WHATSAPP_TEXT_LIMIT)} for details.`]);
  });

  it.each([0, 1, 2, 3, 5, 7, 10])(
    "never cuts inside an emoji sequence when there is no space at all (offset %i)",
    (offset) => {
      const { text, forbidden } = compose([
        "x".repeat(offset),
        ...Array.from({ length: 1400 }, (_, i) => EMOJI[i % 8] ?? ""),
      ]);
      const parts = splitMessage(text);
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expectWellFormed(parts, WHATSAPP_TEXT_LIMIT);
      expect(parts.join("")).toBe(text);
      for (const cut of cutOffsets(text, parts)) {
        for (const [start, end] of forbidden) expect(start < cut && cut < end, `cut at ${cut}`).toBe(false);
      }
    },
  );

  it("ends on a single grapheme longer than the limit by cutting between code points", () => {
    const text = `e${"\u0301".repeat(5000)}`; // one "é" with 5,000 combining accents
    const parts = splitMessage(text);
    expect(parts.map((part) => part.length)).toEqual([WHATSAPP_TEXT_LIMIT, 5001 - WHATSAPP_TEXT_LIMIT]);
  });

  it("never splits a surrogate pair, even inside an emoji sequence longer than a tiny limit", () => {
    const parts = splitMessage("👨‍👩‍👧‍👦".repeat(3), 4);
    expect(parts.join("")).toBe("👨‍👩‍👧‍👦".repeat(3));
    for (const part of parts)
      expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("refuses a limit below two UTF-16 units", () => {
    expect(() => splitMessage("hello", 1)).toThrow(RangeError);
  });

  it("keeps every part within the limit and every emoji and URL whole, for any mix of words, emoji, URLs and breaks", () => {
    const spaced = fc.constantFrom(...EMOJI, ...URLS, ...WORDS, "。", "ですね", " ", " ", ". ", "\n\n", "\r\n");
    const glued = fc.constantFrom(...EMOJI, ...WORDS, "ですね"); // no whitespace: every cut is a fallback
    const atoms = fc.oneof(
      fc.array(spaced, { maxLength: 300, size: "max" }),
      fc.array(glued, { maxLength: 300, size: "max" }),
    );
    fc.assert(
      fc.property(atoms, fc.integer({ min: 80, max: 400 }), (list, limit) => {
        // Spaces around each URL: URLs glued into one run longer than the limit could only be cut hard.
        const { text, forbidden } = compose(list.flatMap((a) => (URLS.includes(a) ? [" ", a, " "] : [a])));
        const parts = splitMessage(text, limit);
        expectWellFormed(parts, limit);
        for (const cut of cutOffsets(text, parts)) {
          for (const [start, end] of forbidden) expect(start < cut && cut < end, `cut at ${cut}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
