// Prints the soak's numbers in a fixed order and returns what makes the run fail (lost, duplicated, answered
// when it must not be, never accepted, log leaks).
import { RESEND_CAUSES } from "./soak-accounting.mjs";
import { percentile } from "./stats.mjs";

const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "n/a");
const list = (record) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${value}`)
    .join(", ");
const sample = (values) => (values.length ? ` (e.g. ${values.slice(0, 5).join(", ")})` : "");

export function printRun({ params, elapsedMs, statuses, kills, reloads, braze, model, drain, loopDelay }) {
  console.log(`traffic done in ${(elapsedMs / 1000).toFixed(1)} s; drain: ${drain}`);
  console.log(`webhook statuses seen (every attempt): ${list(statuses)}`);
  console.log(
    `restarts done: ${kills.length} of ${params.restarts} (SIGKILL of the wrangler process group, same persist dir); wrangler reloads (a source file changed): ${reloads.length}`,
  );
  const { faults, requests, slowPastTimeout } = braze.stats;
  console.log(
    `Braze requests: ${requests}; faults injected by kind: ${list(faults)} (slow past BRAZE_TIMEOUT_MS: ${slowPastTimeout})`,
  );
  const lag = (p) => ms(loopDelay.percentile(p) / 1e6);
  console.log(`soak process event-loop delay (fakes and load generator): p99 ${lag(99)}, max ${lag(100)}`);
  console.log(
    `model requests: ${model.stats.requests}; faults injected: 500 ${model.stats.failed}, hang ${model.stats.hung}`,
  );
}

/** Returns the list of failure reasons (empty: pass). */
export function printVerdict(a, { events, scan, runs }) {
  const late = [...a.outOfOrder.values()].reduce((sum, n) => sum + n, 0);
  console.log("");
  console.log(
    `messages accepted: ${a.accepted} of ${a.messages}${a.notAccepted.length ? `, never accepted: ${a.notAccepted.length}${sample(a.notAccepted)}` : ""}`,
  );
  console.log(
    `replies expected: ${a.expected} tokens, plus ${a.beforeStop} sent just before a STOP (a STOP may supersede them)`,
  );
  console.log(
    `replies sent: ${a.repliesSent} distinct replies carrying tokens (${a.deliveries} accepted trigger sends in all)`,
  );
  console.log(
    `deliberately unanswered: PROMO ${a.promos} (answered: ${a.silencedAnswered}), while opted out ${a.optedOut} (answered: ${a.answeredWhileOptedOut.length}), superseded by STOP ${a.supersededByStop}`,
  );
  console.log(
    `STOP/START: ${a.stopUsers} customers; confirmations sent ${a.notices.confirmations} of ${2 * a.stopUsers}; subscription changes unsubscribed ${a.subscriptions.unsubscribed}, subscribed ${a.subscriptions.subscribed}`,
  );
  console.log(
    `answered by a fixed notice (model unavailable after 5 attempts): ${a.answeredByNotice} tokens, ${a.notices.other} notices`,
  );
  console.log(`LOST: ${a.lost.length}${sample(a.lost)}`);
  console.log(
    `DUPLICATED: ${a.duplicated.length}${sample(a.duplicated)} (replies resent without an ambiguous failure to explain it: ${a.unexplainedResends})`,
  );
  const r = a.resends;
  console.log(
    `ambiguous resends after accept-then-drop: ${r[RESEND_CAUSES.drop]}, by the documented at-least-once policy`,
  );
  console.log(`ambiguous resends after an injected slow answer (timeout): ${r[RESEND_CAUSES.slow]}, same policy`);
  console.log(
    `ambiguous resends after a timeout with Braze's 2xx already sent (load): ${r[RESEND_CAUSES.starved]}, same policy`,
  );
  console.log(
    `ambiguous resends after the runtime was killed or reloaded mid-call: ${r[RESEND_CAUSES.killed]}, same policy`,
  );
  console.log(`out of order per user: ${a.outOfOrder.size} customers, ${late} tokens delivered after a later one`);
  const l = a.latencies;
  console.log(
    `first webhook attempt -> Braze send carrying the token: p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(Math.max(...l))} (${l.length} tokens)`,
  );
  const keys = [
    "webhook.duplicate",
    "turn.failed",
    "outbox.retry",
    "outbox.ambiguous_retry",
    "outbox.ambiguous_resend",
    "outbox.dead_letter",
    "outbox.cancelled",
  ];
  console.log(`Worker log events: ${keys.map((k) => `${k} ${events[k] ?? 0}`).join(", ")}`);
  const secretHits = Object.values(scan.secrets).reduce((sum, n) => sum + n, 0);
  console.log(
    `log scan (${scan.lines} lines from ${runs} runs): ${Object.entries(scan.secrets)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}, phone numbers ${scan.phones}, message tokens ${scan.tokens}`,
  );
  for (const example of scan.examples) console.log(`  leak: ${example}`);
  const failures = [];
  if (a.lost.length) failures.push(`${a.lost.length} lost`);
  if (a.duplicated.length) failures.push(`${a.duplicated.length} duplicated`);
  if (a.notAccepted.length) failures.push(`${a.notAccepted.length} never accepted`);
  if (a.answeredWhileOptedOut.length || a.silencedAnswered) failures.push("answered a message it must not answer");
  if (secretHits || scan.phones || scan.tokens) failures.push("secrets, phone numbers or message text in the logs");
  return failures;
}
