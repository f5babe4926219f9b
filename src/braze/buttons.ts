// WhatsApp quick-reply buttons as Braze sends them: the layout's limits, the trigger properties the button
// campaigns' Liquid reads, and the numbered-text form used when no button campaign fits (docs/braze-campaigns.md).

/** Braze's quick-reply response layout (WhatsApp message formats page): at most 3 buttons... */
export const QUICK_REPLY_MAX_BUTTONS = 3;
/** ...each label at most 20 characters (counted in UTF-16 units here, which is stricter). */
export const QUICK_REPLY_LABEL_MAX = 20;
/** Meta's limit for the body of an interactive (button) message; a plain text body may be 4,096. */
export const QUICK_REPLY_BODY_MAX = 1024;

/** The trigger property holding button `n` (1-based): `{{api_trigger_properties.${button_1}}}`. */
export function buttonProperty(n: number): string {
  return `button_${n}`;
}

/**
 * The labels as a quick-reply layout may carry them (trimmed), or why they cannot: WhatsApp refuses empty,
 * over-long or repeated labels and more than three buttons, and a refused send would cost the reply.
 */
export function checkButtons(labels: readonly string[]): { ok: true; labels: string[] } | { ok: false; why: string } {
  const trimmed = labels.map((label) => label.trim());
  if (trimmed.length === 0) return { ok: false, why: "no buttons" };
  if (trimmed.length > QUICK_REPLY_MAX_BUTTONS) return { ok: false, why: `${trimmed.length} buttons (max 3)` };
  if (trimmed.some((label) => label === "")) return { ok: false, why: "an empty label" };
  if (trimmed.some((label) => label.length > QUICK_REPLY_LABEL_MAX)) return { ok: false, why: "a label over 20" };
  if (new Set(trimmed.map((label) => label.toLowerCase())).size !== trimmed.length) {
    return { ok: false, why: "a repeated label" };
  }
  return { ok: true, labels: trimmed };
}

/** trigger_properties for a button campaign: button_1..button_n (n = the campaign's fixed button count). */
export function buttonProperties(labels: readonly string[]): Record<string, string> {
  return Object.fromEntries(labels.map((label, index) => [buttonProperty(index + 1), label]));
}

/**
 * The choices as numbered lines after the text ("1. Buying"), plus a hint: the customer answers with the
 * number or the words, and the flow engine accepts both.
 */
export function withNumberedChoices(body: string, labels: readonly string[], hint: string): string {
  const lines = labels
    .map((label) => label.trim())
    .filter((label) => label !== "")
    .map((label, index) => `${index + 1}. ${label}`);
  if (lines.length === 0) return body;
  return `${body}\n\n${lines.join("\n")}\n\n${hint}`;
}
