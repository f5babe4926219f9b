// Generators of hostile WhatsApp text for the webhook body parser, shared by the budget tests
// (test/unit/parse-body.budget.test.ts) and `npm run bench:parser`. Each builds a message of about `bytes`
// characters; bodyAround() puts it into one of the template shapes operators use.

/** Repeats `piece(i)` until the text is `bytes` long. */
function repeat(bytes: number, piece: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = piece(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join("").slice(0, bytes);
}

export const ADVERSARIAL_MESSAGES: Record<string, (bytes: number) => string> = {
  /** The reproduction: `","kN":"` lines, each doubling the old parser's time. */
  memberLines: (bytes) => repeat(bytes, (i) => `","k${i}":"\n`),
  memberRun: (bytes) => repeat(bytes, (i) => `","k${i}":"`),
  /** Members with numbers and a repeated key: valid JSON after templating, with thousands of fields. */
  numericMembers: (bytes) => repeat(bytes, (i) => `","k${i}":1,"x":"`),
  /** Quote-comma pairs: every one a possible end of the message. */
  quoteCommas: (bytes) => repeat(bytes, () => '", "'),
  /** Objects opened inside members and never closed: every level a container to measure. */
  unclosedNesting: (bytes) => repeat(bytes, () => ',"a":{"b":1'),
  /** Closed nesting, members inside members. */
  closedNesting: (bytes) => {
    const depth = Math.max(1, Math.floor(bytes / 24));
    return `","p":${'{"a":1,"n":'.repeat(depth)}0${"}".repeat(depth)},"z":"`.slice(0, Math.max(bytes, 16));
  },
  /** Escapes and backslash runs, which change where strings end. */
  backslashes: (bytes) => repeat(bytes, () => '\\"\\\\",'),
  /** Natural text with quotes: the common, harmless case. */
  quotedPlain: (bytes) => repeat(bytes, () => 'she said "hi", '),
};

/**
 * The shapes: the guide's body; fields after the message; a nested profile after the message; many operator
 * fields before it.
 */
export function bodyAround(shape: string, message: string): string {
  const identity = '"user_id": "u-1", "phone_number": "+14155550100"';
  switch (shape) {
    case "fields-after":
      return `{${identity}, "message": "${message}", "source": "whatsapp", "n": 3}`;
    case "profile-after":
      return `{${identity}, "message": "${message}", "profile": {"tier": "gold", "n": [1, 2]}}`;
    case "many-before": {
      const before = Array.from({ length: 40 }, (_, i) => `"f${i}": "v${i}"`).join(", ");
      return `{${identity}, ${before}, "message": "${message}"}`;
    }
    default:
      return `{\n  ${identity},\n  "message": "${message}"\n}`;
  }
}
