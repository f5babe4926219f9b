// The flow engine's e-mail check (answer type "email"). Why a file of its own: the old one-line pattern
// accepted anything without spaces or a second @, so `a@b.co<script>alert(1)</script>` became a lead's email.
// Now: RFC 5322's dot-atom on both sides (no quoted local parts, comments or IP literals), Unicode letters
// allowed for internationalised addresses. Split first, then one flat character class per piece: the work is
// linear in the input and no pattern can backtrack.

/** RFC 5321's limits: 64 for the local part, 254 for the whole address (a path of 256 minus the brackets). */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
const MAX_LABEL = 63;

/** RFC 5322 atext, plus letters, marks and digits of any script (RFC 6531). */
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+$/u;
/** A host name label (letters, marks and digits of any script, inner hyphens). */
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
/** A top-level domain is never all digits: letters, or an A-label (xn--...). */
const TOP_LEVEL = /^(?:[\p{L}\p{M}]{2,}|xn--[a-z0-9-]+)$/iu;

/** The address with its domain lower-cased, or undefined when it is not a plain e-mail address. */
export function normalizeEmail(text: string): string | undefined {
  if (text.length > MAX_ADDRESS) return undefined;
  const at = text.indexOf("@");
  if (at < 1 || at !== text.lastIndexOf("@")) return undefined;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > MAX_LOCAL || !local.split(".").every((atom) => LOCAL_ATOM.test(atom))) return undefined;
  const labels = domain.split(".");
  const top = labels[labels.length - 1] ?? "";
  if (labels.length < 2 || !TOP_LEVEL.test(top)) return undefined;
  if (!labels.every((label) => label.length <= MAX_LABEL && LABEL.test(label))) return undefined;
  return `${local}@${domain.toLowerCase()}`;
}
