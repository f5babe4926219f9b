// Measures what BRAZE_TIMEOUT_MS and BRAZE_AMBIGUOUS_RETRY_MS do to duplicate and lost replies, and to how long a
// reply holds its conversation, when Braze is sometimes slow. trigger/send has no idempotency key, so every
// timed-out call that Braze still acted on becomes a duplicate once resent (docs/delivery.md, "Slow Braze and
// duplicate sends"). Runs the Worker's real delivery code on a virtual clock (bench/lib/braze-timeout-sim.mjs).
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { SCENARIOS } from "./lib/braze-latency.mjs";
import { SIM_ENV, simulateCell } from "./lib/braze-timeout-sim.mjs";
import { loadWorkerCode } from "./lib/sim-runtime.mjs";
import { percentile } from "./lib/stats.mjs";

const USAGE = `Usage: npm run bench:braze-timeout [-- options]

For each BRAZE_TIMEOUT_MS and each BRAZE_AMBIGUOUS_RETRY_MS, runs replies through the Worker's real outbox
delivery (src/conversation/delivery.ts, src/braze/client.ts, SQLite schema, config parser) against a simulated
Braze with a long-tailed latency, on a virtual clock, and prints the duplicate rate, the lost parts and the time
a reply holds its conversation. Braze is assumed to act on every call it received, even one the Worker gave up on.

Options:
  --timeouts <s,...>      BRAZE_TIMEOUT_MS candidates in seconds (default 5,10,15,20,30,45,60)
  --waits <s,...>         BRAZE_AMBIGUOUS_RETRY_MS candidates in seconds; 0 = the backoff alone, the policy
                          before it existed (default 0,15,30,60,120)
  --replies <n>           replies in the everyday scenario, per cell (default 4000)
  --spell-replies <n>     replies queued during the slow spell, per cell (default 400)
  --spell-minutes <n>     how long Braze stays slow in the spell scenario (default 10)
  --scenarios <a,b>       everyday, spell (default both)
  --seed <n>              seeds arrivals, parts, latencies and jitter (default 1): a run repeats exactly
  -h, --help              this help`;

function readParams() {
  const { values } = parseArgs({
    options: {
      timeouts: { type: "string", default: "5,10,15,20,30,45,60" },
      waits: { type: "string", default: "0,15,30,60,120" },
      replies: { type: "string", default: "4000" },
      "spell-replies": { type: "string", default: "400" },
      "spell-minutes": { type: "string", default: "10" },
      scenarios: { type: "string", default: "everyday,spell" },
      seed: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seconds = (list) => list.split(",").map((s) => Math.round(Number(s) * 1000));
  const params = {
    timeouts: seconds(values.timeouts),
    waits: seconds(values.waits),
    replies: { everyday: Number(values.replies), spell: Number(values["spell-replies"]) },
    spellMs: Number(values["spell-minutes"]) * 60_000,
    scenarios: values.scenarios.split(","),
    seed: Number(values.seed),
  };
  const bad = [...params.timeouts, ...params.waits, params.spellMs, params.seed].some((n) => !Number.isFinite(n));
  if (bad || params.scenarios.some((s) => !SCENARIOS[s])) {
    console.error(USAGE);
    process.exit(2);
  }
  return params;
}

/** One cell's numbers: duplicated and lost parts, replies shown out of order, time to sent. */
function summarizeCell({ results, events }) {
  let parts = 0;
  let duplicated = 0;
  let extra = 0;
  let lost = 0;
  let outOfOrder = 0;
  for (const reply of results) {
    parts += reply.parts;
    lost += reply.unsent + reply.copies.filter((c) => c.length === 0).length;
    for (const copies of reply.copies) {
      if (copies.length > 1) duplicated++;
      extra += Math.max(0, copies.length - 1);
    }
    // A copy of an earlier part landing after the first copy of a later part: the phone shows them out of order.
    const late = reply.copies.some((c, i) => reply.copies.slice(i + 1).some((d) => Math.max(...c) > Math.min(...d)));
    if (late) outOfOrder++;
  }
  const held = results.map((r) => r.heldMs);
  return {
    replies: results.length,
    split: results.filter((r) => r.parts > 1).length,
    parts,
    duplicated,
    extra,
    lost,
    outOfOrder,
    p50: percentile(held, 50),
    p99: percentile(held, 99),
    p999: percentile(held, 99.9),
    ambiguousRetries: events["outbox.ambiguous_retry"] ?? 0,
  };
}

const pct = (n, d) => `${((100 * n) / d).toFixed(2)}`;
/** Extra copies per 100 parts, with fewer decimals as it grows (a slow spell reaches hundreds). */
const per100 = (n, d) => {
  const value = (100 * n) / d;
  return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
};
const secs = (ms) => (ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000)));
const pad = (text, width) => String(text).padStart(width);

function printMatrix(title, params, cells, format, width = 14) {
  console.log(`\n${title}`);
  const head = params.waits.map((w) => (w === 0 ? "0 (backoff)" : `${w / 1000} s`));
  console.log(`${"timeout".padEnd(9)}${head.map((h) => pad(h, width)).join("")}`);
  for (const t of params.timeouts) {
    const row = params.waits.map((w) => pad(format(cells.get(`${t}/${w}`)), width));
    console.log(`${`${t / 1000} s`.padEnd(9)}${row.join("")}`);
  }
}

/** Every cell of one scenario: Map "timeoutMs/waitMs" -> summary. */
async function measureScenario(code, params, name) {
  const cells = new Map();
  for (const timeoutMs of params.timeouts) {
    for (const waitMs of params.waits) {
      const cell = await simulateCell(code, {
        scenario: SCENARIOS[name],
        timeoutMs,
        waitMs,
        replies: params.replies[name],
        seed: params.seed,
        spellMs: params.spellMs,
      });
      cells.set(`${timeoutMs}/${waitMs}`, summarizeCell(cell));
    }
  }
  return cells;
}

/** Prints one scenario's three tables; returns the lost parts of all its cells (must be 0). */
function printScenario(params, name, cells) {
  const scenario = SCENARIOS[name];
  const any = cells.values().next().value;
  console.log(`\n== ${scenario.title}: ${any.replies} replies (${any.parts} parts) per cell`);
  console.log(`   ${scenario.describe(params.spellMs)}`);
  console.log(
    "   columns: BRAZE_AMBIGUOUS_RETRY_MS (0 = the backoff alone: 1 s, 2 s, 4 s... as before); rows: BRAZE_TIMEOUT_MS",
  );
  printMatrix(
    "duplicated parts % (extra copies per 100 parts)",
    params,
    cells,
    (c) => `${pct(c.duplicated, c.parts)} (${per100(c.extra, c.parts)})`,
    16,
  );
  printMatrix(
    "time to sent in seconds, p50 / p99 / p99.9 (queued -> the reply's last part recorded sent)",
    params,
    cells,
    (c) => `${secs(c.p50)} / ${secs(c.p99)} / ${secs(c.p999)}`,
    18,
  );
  printMatrix(
    `replies shown out of order (a late copy lands after a later part), of ${any.split} split replies`,
    params,
    cells,
    (c) => c.outOfOrder,
  );
  const lost = [...cells.values()].reduce((sum, c) => sum + c.lost, 0);
  console.log(`\nlost parts (never sent, or never acted on by Braze), all cells together: ${lost}`);
  return lost;
}

const params = readParams();
const started = performance.now();
const code = await loadWorkerCode();
console.log(
  `braze-timeout: seed ${params.seed}; ${cpus()[0]?.model ?? "cpu"} x${cpus().length}, Node ${process.version}`,
);
console.log("Braze acts on every call it received, even one the Worker timed out on: duplicates are an upper bound.");
const defaults = code.loadConfig({ ...SIM_ENV });
console.log(
  `other settings: the Worker's defaults (RETRY_BASE_MS ${defaults.retryBaseMs}, RETRY_MAX_MS ${defaults.retryMaxMs}, ` +
    `SEND_SPACING_MS ${defaults.sendSpacingMs}); defaults under test: BRAZE_TIMEOUT_MS ${defaults.brazeTimeoutMs}, ` +
    `BRAZE_AMBIGUOUS_RETRY_MS ${defaults.brazeAmbiguousRetryMs}`,
);
let lost = 0;
for (const name of params.scenarios) lost += printScenario(params, name, await measureScenario(code, params, name));
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (lost > 0) {
  console.error(`FAIL: ${lost} parts lost`);
  process.exit(1);
}
