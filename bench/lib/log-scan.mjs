// Scans the Worker's log lines (every wrangler dev run of a soak, before and after restarts) for what must
// never be logged: secret values, full phone numbers and message text, and counts the Worker's own events.
import { PHONE_PATTERN, TOKEN_PATTERN } from "./soak-plan.mjs";

/**
 * secrets: { name: value }. Returns { lines, secrets: {name: hits}, phones, tokens, examples }. The launcher
 * splits output on chunk boundaries, so hits are counted on the lines joined back without separators (a value
 * cut in two by a chunk boundary is still found); examples come from whole lines.
 */
export function scanLogs(lines, secrets) {
  const stream = lines.join("");
  const count = (value) => (value ? stream.split(value).length - 1 : 0);
  const result = {
    lines: lines.length,
    secrets: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, count(value)])),
    phones: stream.match(PHONE_PATTERN)?.length ?? 0,
    tokens: stream.match(TOKEN_PATTERN)?.length ?? 0,
    examples: [],
  };
  const values = Object.values(secrets).filter(Boolean);
  for (const line of lines) {
    if (result.examples.length >= 3) break;
    const hit = values.some((v) => line.includes(v)) || new RegExp(PHONE_PATTERN).test(line) || /tok-u\d/.test(line);
    if (hit) result.examples.push(line.slice(0, 300));
  }
  return result;
}

/** The Worker's structured log events ({ event, ts, customer, ... }); wrangler wraps warn/error lines in colour. */
export function parseEvents(lines) {
  const events = [];
  for (const line of lines) {
    const start = line.indexOf('{"level"');
    if (start < 0) continue;
    try {
      const event = JSON.parse(line.slice(start, line.lastIndexOf("}") + 1));
      if (event.event) events.push({ ...event, at: Date.parse(event.ts) });
    } catch {} // a line the launcher cut at a chunk boundary
  }
  return events;
}

/** How often each event ("outbox.ambiguous_retry", ...) appears. */
export function countEvents(events) {
  const counts = {};
  for (const { event } of events) counts[event] = (counts[event] ?? 0) + 1;
  return counts;
}
