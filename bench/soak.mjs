// The soak: the real Worker under `wrangler dev --local` (storage persisted across restarts), a fake Braze and a
// fake model on 127.0.0.1 injecting faults, thousands of webhooks with replays, SIGKILL restarts mid-run; then
// it checks every message was answered exactly once (or deliberately not), in order, and that logs leak nothing.
// Usage: npm run soak [-- --messages 10000 --users 1000 --replay-rate 0.3 --braze-fault-rate 0.2
//   --model-fault-rate 0.1 --restarts 2 --concurrency 16 --duration <s> --seed 1 --log-file <path> --dump <path>]   See docs/reliability.md.
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startFakeBraze } from "./lib/fake-braze-server.mjs";
import { startFakeModel } from "./lib/fake-model-server.mjs";
import { startWorker } from "./lib/launcher.mjs";
import { countEvents, parseEvents, scanLogs } from "./lib/log-scan.mjs";
import { streamFor } from "./lib/seeded-random.mjs";
import { account } from "./lib/soak-accounting.mjs";
import { buildPlan, SILENT_KEYWORD } from "./lib/soak-plan.mjs";
import { printRun, printVerdict } from "./lib/soak-report.mjs";
import { playTraffic } from "./lib/soak-traffic.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BRAZE_TIMEOUT_MS = 1000;
const DRAIN_QUIET_MS = 10_000;
const DRAIN_MAX_MS = 300_000;

function readParams() {
  const { values } = parseArgs({
    options: Object.fromEntries(
      [
        "messages",
        "users",
        "replay-rate",
        "braze-fault-rate",
        "model-fault-rate",
        "restarts",
        "concurrency",
        "duration",
        "seed",
        "log-file",
        "dump",
      ].map((name) => [name, { type: "string" }]),
    ),
  });
  const num = (name, fallback) => (values[name] === undefined ? fallback : Number(values[name]));
  return {
    messages: num("messages", 10_000),
    users: num("users", 1000),
    replayRate: num("replay-rate", 0.3),
    brazeFaultRate: num("braze-fault-rate", 0.2),
    modelFaultRate: num("model-fault-rate", 0.1),
    restarts: num("restarts", 2),
    concurrency: num("concurrency", 16),
    durationS: num("duration", undefined),
    seed: num("seed", 1),
    logFile: values["log-file"],
    dump: values.dump,
  };
}

/** The id the Worker logs for a customer (src/log.ts customerLogId): an HMAC of the conversation name. */
function customerLogId(key, conversationName) {
  return `c_${createHmac("sha256", key).update(conversationName).digest("hex").slice(0, 16)}`;
}

/** The STOP/START confirmations in every language (catalog texts, not echoes), read from the Worker's catalog. */
async function confirmationTexts() {
  try {
    const { TEXTS } = await import("../src/i18n/texts.ts");
    return new Set([...Object.values(TEXTS.stopConfirmed), ...Object.values(TEXTS.startConfirmed)]);
  } catch {
    console.log("note: could not load src/i18n/texts.ts (Node < 22.18?); every fixed text counts as a notice");
    return new Set();
  }
}

function workerVars({ braze, model, secrets }) {
  return {
    ...secrets,
    BRAZE_REST_ENDPOINT: braze.url,
    BRAZE_REPLY_CAMPAIGN_ID: "soak-reply-campaign",
    BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "soak-whatsapp-group",
    AI_PROVIDER: "openai",
    OPENAI_BASE_URL: model.url,
    AI_MODEL: "fake",
    SILENT_KEYWORDS: SILENT_KEYWORD,
    REPLY_DEBOUNCE_MS: "300",
    BRAZE_TIMEOUT_MS: String(BRAZE_TIMEOUT_MS),
    BRAZE_AMBIGUOUS_RETRY_MS: "500",
    MODEL_TIMEOUT_MS: "2000",
    RETRY_BASE_MS: "50",
    RETRY_MAX_MS: "2000",
    SEND_SPACING_MS: "0",
    SUBSCRIPTION_SETTLE_MS: "0",
  };
}

/** Kills the runtime (SIGKILL, process group) at even shares of the traffic and starts it on the same storage. */
function restarter({ params, total, launch, state }) {
  const thresholds = Array.from({ length: params.restarts }, (_, i) =>
    Math.floor((total * (i + 1)) / (params.restarts + 1)),
  );
  let done = 0;
  let busy;
  const restart = async () => {
    state.kills.push(performance.now());
    await state.worker.stop("SIGKILL");
    await sleep(1500); // down for a while: webhooks meanwhile fail to connect and are retried
    state.worker = await launch();
  };
  const onMessageDone = () => {
    done++;
    if (busy || state.kills.length >= thresholds.length || done < thresholds[state.kills.length]) return;
    busy = restart().finally(() => {
      busy = undefined;
    });
  };
  return { onMessageDone, settled: () => busy, done: () => done };
}

/**
 * wrangler dev rebuilds and reloads the Worker when a source file changes (another engineer editing src/ during
 * a run): like a deploy, it stops every Durable Object mid-call. Records when, so resends can be explained.
 */
function watchReloads(state) {
  const seen = new Map();
  return setInterval(() => {
    const { logs } = state.worker;
    for (let i = seen.get(state.worker) ?? 0; i < logs.length; i++) {
      if (logs[i].includes("Reloading local server")) state.reloads.push(performance.now());
    }
    seen.set(state.worker, logs.length);
  }, 100);
}

/** Waits until neither Braze nor the model has heard from the Worker for DRAIN_QUIET_MS, at most DRAIN_MAX_MS. */
async function drain({ braze, model }) {
  const started = performance.now();
  const activity = () => braze.stats.requests + model.stats.requests;
  let seen = activity();
  let quietSince = started;
  for (;;) {
    const now = performance.now();
    if (activity() !== seen) [seen, quietSince] = [activity(), now];
    const waited = `${((now - started) / 1000).toFixed(1)} s`;
    if (now - quietSince >= DRAIN_QUIET_MS)
      return `no Braze or model call for ${DRAIN_QUIET_MS / 1000} s (waited ${waited})`;
    if (now - started > DRAIN_MAX_MS) return `still busy after ${DRAIN_MAX_MS / 1000} s (gave up)`;
    await sleep(250);
  }
}

function newSecrets() {
  const value = (name) => `soak-${name}-${randomBytes(8).toString("hex")}`;
  return {
    BRAZE_API_KEY: value("braze-key"),
    WEBHOOK_TOKEN: value("webhook-token"),
    ADMIN_TOKEN: value("admin-token"),
    LOG_HMAC_KEY: value("log-key"),
  };
}

async function startFakes(params, secrets) {
  const braze = await startFakeBraze({
    faultRate: params.brazeFaultRate,
    random: streamFor(params.seed, "braze"),
    timeoutMs: BRAZE_TIMEOUT_MS,
    apiKey: secrets.BRAZE_API_KEY,
  });
  const model = await startFakeModel({
    failRate: params.modelFaultRate / 2,
    hangRate: params.modelFaultRate / 2,
    random: streamFor(params.seed, "model"),
  });
  return { braze, model };
}

/** Plays the plan with restarts and a progress line every 30 s; resolves once the Worker has drained. */
async function runTraffic({ params, plan, env, state, launch }) {
  const total = plan.reduce((sum, u) => sum + u.messages.length, 0);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const restarts = restarter({ params, total, launch, state });
  const progress = setInterval(() => {
    const line = `${restarts.done()} of ${total} messages accepted, ${env.braze.stats.requests} Braze calls`;
    console.error(`  ... ${line}, ${state.kills.length} restarts`);
  }, 30_000);
  try {
    const traffic = await playTraffic({
      plan,
      concurrency: params.concurrency,
      durationS: params.durationS,
      target: { url: () => state.worker.url },
      token: env.secrets.WEBHOOK_TOKEN,
      random: streamFor(params.seed, "replays"),
      onMessageDone: restarts.onMessageDone,
    });
    await restarts.settled();
    const drained = await drain(env);
    return { ...traffic, drain: drained, loopDelay };
  } finally {
    clearInterval(progress);
    loopDelay.disable();
  }
}

/** Accounts, prints the verdict, writes the optional files; returns the failure reasons. */
async function judge({ params, plan, env, state, runs }) {
  const lines = runs.flatMap((w) => w.logs);
  const events = parseEvents(lines);
  const verdict = account({
    plan,
    calls: env.braze.calls,
    stops: [...state.kills, ...state.reloads],
    events,
    logIdOf: (user) => customerLogId(env.secrets.LOG_HMAC_KEY, `ext:${user}`),
    confirmations: await confirmationTexts(),
  });
  if (params.dump) {
    const { kills, reloads } = state;
    writeFileSync(params.dump, JSON.stringify({ kills, reloads, calls: env.braze.calls, plan }));
  }
  if (params.logFile) writeFileSync(params.logFile, `${lines.join("\n")}\n`);
  const scan = scanLogs(lines, env.secrets);
  return printVerdict(verdict, { events: countEvents(events), scan, runs: runs.length });
}

async function main() {
  const params = readParams();
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GB`;
  console.log(`machine: ${machine}, Node ${process.version}, ${platform()} ${arch()}`);
  console.log(`soak: ${JSON.stringify(params)}`);
  // Nothing leaves the machine: no Request.cf download by miniflare (wrangler's metrics are off in the launcher).
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const secrets = newSecrets();
  const env = { secrets, ...(await startFakes(params, secrets)) };
  const persistTo = mkdtempSync(join(tmpdir(), "wa-soak-"));
  const runs = [];
  const launch = async () => {
    const worker = await startWorker({ vars: workerVars(env), persistTo });
    runs.push(worker);
    return worker;
  };
  const stopAll = () => Promise.all(runs.map((w) => w.stop("SIGKILL")));
  process.once("SIGINT", () => stopAll().then(() => process.exit(130)));
  const state = { kills: [], reloads: [], worker: await launch() };
  const reloadWatch = watchReloads(state);
  try {
    const plan = buildPlan({ ...params, random: streamFor(params.seed, "plan") });
    const run = await runTraffic({ params, plan, env, state, launch });
    printRun({ params, ...run, kills: state.kills, reloads: state.reloads, braze: env.braze, model: env.model });
    const failures = await judge({ params, plan, env, state, runs });
    console.log(failures.length ? `\nRESULT: FAIL (${failures.join("; ")})` : "\nRESULT: PASS");
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    clearInterval(reloadWatch);
    await stopAll();
    await env.braze.close();
    await env.model.close();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

await main();
