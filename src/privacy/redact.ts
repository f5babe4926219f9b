// Keeps personal contact data out of text bound for a model: the customer's own number wherever it appears
// (with or without +, spaces or dashes), anything shaped like an international number (+ and 8-15 digits),
// and e-mail addresses (a lead form's answer stays in the history the model reads later). Short digit runs
// (order numbers, prices, dates) are left alone.

export const PHONE_PLACEHOLDER = "[phone number]";
export const EMAIL_PLACEHOLDER = "[email]";

const EMAIL_ADDRESS = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Between two digits of a written phone number: up to three of space, dot, dash or parentheses ("1 (415) 555"). */
const SEPARATOR = "[\\s.()-]{0,3}";

const INTERNATIONAL_NUMBER = new RegExp(`\\+\\d(?:${SEPARATOR}\\d){7,14}`, "g");

/** A redactor for one customer; its patterns are compiled once and reused for every text of a turn. */
export function personalDataRedactor(customerPhone: string | undefined): (text: string) => string {
  const patterns = [INTERNATIONAL_NUMBER, ...customerPatterns(customerPhone)];
  return (text) =>
    patterns
      .reduce((result, pattern) => result.replace(pattern, PHONE_PLACEHOLDER), text)
      .replace(EMAIL_ADDRESS, EMAIL_PLACEHOLDER);
}

function customerPatterns(customerPhone: string | undefined): RegExp[] {
  const digits = customerPhone?.replace(/\D/g, "") ?? "";
  if (digits.length < 6) return [];
  // The customer's number written any way: the same digits with optional separators between them.
  const patterns = [new RegExp(`\\+?${digits.split("").join(SEPARATOR)}`, "g")];
  // Written without the country code (1 to 3 digits), as people do for their own number: "4155550142".
  for (let codeLength = 1; codeLength <= 3 && digits.length - codeLength >= 8; codeLength++) {
    const national = digits.slice(codeLength).split("").join(SEPARATOR);
    patterns.push(new RegExp(`(?<!\\d)0?${national}(?!\\d)`, "g"));
  }
  return patterns;
}
