// Token estimates and cuts for prompt budgets. No tokenizer is bundled (see estimateTokens): the budget only
// has to keep a prompt bounded, not exact.

/** WhatsApp's own limit for one text message: longer text in a turn (a pasted document) is cut to this. */
export const MAX_MESSAGE_CHARS = 4096;

/** Chat templates wrap each message in role markers; a few tokens per message, counted generously. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

// Weights in sixths of a token, so that every rule below is a whole number.
const UNITS_PER_TOKEN = 6;
const ASCII_UNITS = 2; // 1 token per 3 characters
const OTHER_UNITS = 3; // 1 token per 2 characters
const WIDE_UNITS = 6; // 1 token per character

/**
 * Estimated tokens in a text, erring high. No tokenizer is bundled on purpose: each model family has its own
 * (Llama, GPT, Mistral...), a real one weighs megabytes in a Worker whose cold start we keep small, and the
 * budget only has to keep the prompt bounded, not exact. Rule: 1 token per 3 ASCII characters (English averages
 * ~4, Spanish, French and Portuguese ~3.5, digits and order numbers fewer), 1 per 2 other characters of the
 * Basic Multilingual Plane (accented letters, Cyrillic...), and 1 per CJK, Hangul or kana character or emoji.
 */
export function estimateTokens(text: string): number {
  let units = 0;
  for (const char of text) units += charUnits(char);
  return Math.ceil(units / UNITS_PER_TOKEN);
}

function charUnits(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp < 0x80) return ASCII_UNITS;
  return isWide(cp) ? WIDE_UNITS : OTHER_UNITS;
}

/** CJK, kana, Hangul, full-width forms and everything outside the BMP (emoji, rare CJK). */
function isWide(cp: number): boolean {
  return (
    cp > 0xffff ||
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef)
  );
}

const ELLIPSIS = "…";

/** The text cut to at most `maxChars` characters (never inside a surrogate pair), marked with an ellipsis. */
export function capChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/** The longest head of the text, plus an ellipsis when cut, whose estimate is at most `maxTokens`. */
export function capTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  const room = maxTokens * UNITS_PER_TOKEN - charUnits(ELLIPSIS);
  if (room < 0) return "";
  let units = 0;
  let end = 0;
  for (const char of text) {
    units += charUnits(char);
    if (units > room) break;
    end += char.length;
  }
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}
