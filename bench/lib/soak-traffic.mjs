// Plays the soak plan against the Worker the way Braze would: one customer's webhooks in order (the next only
// after a 2xx), retried on 408/429/5xx and connection failures, some replayed at once and some later.
import { webhookBody } from "./soak-plan.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Braze retries for hours; the soak gives up on one webhook after this (a restart takes a few seconds). */
const GIVE_UP_MS = 180_000;
const REQUEST_TIMEOUT_MS = 15_000;

function statusOf(error) {
  if (error?.name === "TimeoutError") return "timeout";
  const code = error?.cause?.code ?? error?.cause?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  return `connection lost${code ? ` (${code})` : ""}`;
}

/** POSTs one body until a 2xx (or a 4xx Braze would drop, or GIVE_UP_MS); counts every answer in `statuses`. */
export async function deliverWebhook({ target, token, body, statuses }) {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    let status;
    try {
      const response = await fetch(`${target.url()}/webhooks/whatsapp`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      status = statusOf(error);
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    const retryable = typeof status !== "number" || status === 408 || status === 429 || status >= 500;
    if (!retryable) return { status, attempts: attempt, ok: status >= 200 && status < 300 };
    if (performance.now() - started > GIVE_UP_MS) return { status, attempts: attempt, ok: false, gaveUp: true };
    await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2));
  }
}

/** Sends one customer's messages in order; `later` collects the delayed replays still to come. */
async function runUser(user, ctx) {
  for (const m of user.messages) {
    if (m.thinkMs) await sleep(m.thinkMs);
    m.firstAttemptAt = performance.now();
    m.body = webhookBody(user, m, Date.now());
    const send = () => deliverWebhook({ ...ctx, body: m.body });
    const copies = m.replay === "concurrent" ? [send(), send()] : [send()];
    m.results.push(...(await Promise.all(copies)));
    if (m.replay === "later") {
      const delay = 1000 + ctx.random() * 19_000;
      ctx.later.push(sleep(delay).then(async () => m.results.push(await send())));
    }
    ctx.onMessageDone();
  }
}

/**
 * Runs every customer with at most `concurrency` active at once; with durationS, customer i does not start
 * before i/users of the duration (pacing). Resolves once every webhook, delayed replays included, is answered.
 */
export async function playTraffic({ plan, concurrency, durationS, target, token, random, onMessageDone }) {
  const statuses = {};
  const ctx = { target, token, statuses, random, later: [], onMessageDone };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const index = next++;
      if (durationS) {
        const startAt = started + (index / plan.length) * durationS * 1000;
        await sleep(Math.max(0, startAt - performance.now()));
      }
      await runUser(plan[index], ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.length) }, worker));
  await Promise.all(ctx.later);
  return { statuses, elapsedMs: performance.now() - started };
}
