// One cell of the Braze-timeout measurement: the Worker's real outbox delivery (src/conversation/delivery.ts with
// the real BrazeClient, stores, SQLite schema and configuration parser) against a simulated Braze, for one
// BRAZE_TIMEOUT_MS and one BRAZE_AMBIGUOUS_RETRY_MS. The only code mirrored rather than run is the Durable
// Object's alarm loop for the "outbox" timer: run deliverOutbox, then wake up at `until` if it is waiting.
import { partsFor } from "./braze-latency.mjs";
import { streamFor } from "./seeded-random.mjs";
import { sqlStorage, virtualClock } from "./sim-runtime.mjs";

/** A reply still unsent this long after it was queued counts as lost. */
const HORIZON_MS = 24 * 3_600_000;

/** The least configuration the Worker parses; everything else keeps the Worker's defaults. */
export const SIM_ENV = Object.freeze({
  BRAZE_REST_ENDPOINT: "https://rest.braze.invalid",
  BRAZE_API_KEY: "sim-api-key",
  BRAZE_REPLY_CAMPAIGN_ID: "sim-reply-campaign",
  BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "sim-group",
  WEBHOOK_TOKEN: "sim-webhook-token-0123456789",
  AI_PROVIDER: "offline",
  PROFILE_ATTRIBUTES: "",
  PROFILE_EVENTS: "",
});

/** The configuration with the two values under test. */
function simEnv(timeoutMs, waitMs) {
  return { ...SIM_ENV, BRAZE_TIMEOUT_MS: String(timeoutMs), BRAZE_AMBIGUOUS_RETRY_MS: String(waitMs) };
}

/** Counts the Worker's log events (by name) instead of printing them. */
function captureLogs() {
  const counts = {};
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const count = (line) => {
    const event = /"event":"([^"]+)"/.exec(String(line))?.[1] ?? "?";
    counts[event] = (counts[event] ?? 0) + 1;
  };
  Object.assign(console, { log: count, warn: count, error: count });
  return { counts, restore: () => Object.assign(console, saved) };
}

/**
 * Runs `replies` replies, one conversation each, through delivery under the virtual clock. Each reply draws its
 * arrival, part count, Braze latencies (per call, in order) and backoff jitter from its own seeded streams, so
 * every cell of the table sees the same Braze and differs only by the policy.
 */
export async function simulateCell(code, { scenario, timeoutMs, waitMs, replies, seed, spellMs }) {
  const config = code.loadConfig(simEnv(timeoutMs, waitMs));
  const sql = sqlStorage();
  code.migrate(sql);
  const stores = code.openStores({ sql });
  const clock = virtualClock();
  const logs = captureLogs();
  const realRandom = Math.random;
  const results = [];
  clock.install();
  try {
    for (let index = 0; index < replies; index++) {
      results.push(await simulateReply({ code, config, stores, sql, clock, scenario, index, seed, spellMs }));
    }
  } finally {
    clock.uninstall();
    Math.random = realRandom;
    logs.restore();
    sql.close();
  }
  return { results, events: logs.counts };
}

async function simulateReply({ code, config, stores, sql, clock, scenario, index, seed, spellMs }) {
  const random = streamFor(seed, `reply:${index}`);
  const queuedAt = Math.round(scenario.arrival(random, index, spellMs));
  const parts = partsFor(random);
  for (const table of ["outbox", "timers", "profile_updates"]) sql.exec(`DELETE FROM ${table}`);
  sql.exec("DELETE FROM meta WHERE key != 'schema_version'");
  clock.reset(queuedAt);
  Math.random = streamFor(seed, `jitter:${index}`); // the backoff's jitter (src/conversation/backoff.ts)
  stores.meta.set("external_id", `sim-${index}`);
  stores.meta.set("last_customer_message_at", queuedAt);
  for (let part = 1; part <= parts; part++) {
    const text = `reply ${index} part ${part}`;
    const campaignId = config.braze.replyCampaignId;
    stores.outbox.add(
      { kind: "bot_reply", campaignId, text, part, parts, notBefore: queuedAt, answersSeq: null },
      queuedAt,
    );
  }
  const braze = fakeBraze({ clock, scenario, seed, index, spellMs });
  const ctx = {
    stores,
    braze: new code.BrazeClient(braze.transport, config.brazeTimeoutMs, []),
    config,
    now: clock.now,
    logFields: {},
    onDeadLetter: async () => {},
  };
  // The Durable Object's alarm for the "outbox" timer (src/conversation/conversation.ts), on the virtual clock.
  let due = queuedAt;
  while (due - queuedAt <= HORIZON_MS) {
    clock.setTime(due);
    const outcome = await clock.run(code.deliverOutbox(ctx));
    if (outcome.kind !== "waiting") break;
    due = Math.max(outcome.until, clock.now());
  }
  const rows = stores.outbox.all();
  return {
    parts,
    queuedAt,
    heldMs: clock.now() - queuedAt,
    copies: rows.map((row) => braze.actedOn.get(row.text) ?? []),
    unsent: rows.filter((row) => row.state !== "sent").length,
    calls: braze.calls(),
  };
}

/**
 * The simulated Braze for one conversation: draws each call's latency and status from the scenario, records
 * when Braze acts on an accepted call (at the end of its latency, whether or not the Worker still waits), and
 * answers through the same timers as the Worker's timeout, or rejects when the Worker aborts the call.
 */
function fakeBraze({ clock, scenario, seed, index, spellMs }) {
  const actedOn = new Map();
  let calls = 0;
  const transport = (_path, body, signal) => {
    const draw = scenario.latency(streamFor(seed, `braze:${index}:${calls++}`), clock.now(), spellMs);
    const { ms, status } = draw;
    const text = JSON.parse(body).recipients[0].trigger_properties.external_system_msg_body;
    const ok = status >= 200 && status < 300;
    if (ok) actedOn.set(text, [...(actedOn.get(text) ?? []), clock.now() + (draw.actsAfterMs ?? ms)]);
    const answer = ok ? { dispatch_id: `sim-${index}-${calls}`, message: "success" } : { message: "error" };
    return new Promise((resolve, reject) => {
      // A minimal Response: the client reads ok, status, headers.get() and text().
      const respond = () => resolve({ ok, status, headers: new Headers(), text: async () => JSON.stringify(answer) });
      const timer = Number.isFinite(ms) ? setTimeout(respond, ms) : undefined;
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  };
  return { transport, actedOn, calls: () => calls };
}
