// Bidirectional-text controls made visible in what the agent API returns. Why: a customer's "\u202Egnp.exe"
// shows as "exe.png" in the inbox (the right-to-left override reverses what follows it), and names or messages
// can be made to read differently than they are (Trojan Source, CVE-2021-42574). The text is stored and sent
// as the customer typed it; only what agents are shown is changed, server-side, so the inbox's browser script
// needs no change. The explicit embeddings, overrides and isolates become a visible marker ("[RLO]"). The
// implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) stay: Arabic and Hebrew text uses them legitimately and
// they cannot reverse a run of letters.
import type { MiddlewareHandler } from "hono";

const NAMES: Record<string, string> = {
  "\u202A": "LRE",
  "\u202B": "RLE",
  "\u202C": "PDF",
  "\u202D": "LRO",
  "\u202E": "RLO",
  "\u2066": "LRI",
  "\u2067": "RLI",
  "\u2068": "FSI",
  "\u2069": "PDI",
};
const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** The text with every bidi embedding, override or isolate replaced by its visible name in brackets. */
export function showBidiControls(text: string): string {
  return text.replace(CONTROLS, (control) => `[${NAMES[control] ?? "BIDI"}]`);
}

/** Every string in a JSON value (keys included) through showBidiControls. */
export function showBidiControlsDeep(value: unknown): unknown {
  if (typeof value === "string") return showBidiControls(value);
  if (Array.isArray(value)) return value.map(showBidiControlsDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [showBidiControls(key), showBidiControlsDeep(inner)]),
    );
  }
  return value;
}

/**
 * Hono middleware for the agent API: a JSON answer that carries a bidi control is rewritten with the controls
 * made visible. Mounted once over /agent/api/* (src/app.ts) so no route can forget it; other answers (the
 * WebSocket upgrade, errors without such text) pass untouched.
 */
export const showBidiControlsInJson: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.get("Content-Type")?.startsWith("application/json") || c.res.body === null) return;
  const text = await c.res.clone().text();
  // JSON.stringify writes these characters as they are; an escaped form would come from elsewhere: parse anyway.
  if (!HAS_CONTROL.test(text) && !/\\u20(?:2[a-e]|6[6-9])/i.test(text)) return;
  const { status, statusText } = c.res;
  const headers = new Headers(c.res.headers);
  headers.delete("Content-Length");
  const body = JSON.stringify(showBidiControlsDeep(JSON.parse(text)));
  c.res = undefined; // otherwise Hono copies the old headers (a stale Content-Length) onto the new answer
  c.res = new Response(body, { status, statusText, headers });
};
