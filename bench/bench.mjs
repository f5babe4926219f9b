// `npm run bench`: the real Worker against a bare baseline Worker (bench/baseline) under the same intake load,
// then the latency the Worker adds between a webhook and its Braze call. Both run under `wrangler dev --local`
// on this machine, one after the other; fake Braze and fake model servers stand in for the outside world.
// Usage: npm run bench -- [--connections 32] [--duration 20] [--users 1000] [--model-latency 50]
//        [--warmup 3] [--messages 200] [--reuse-users 0] [--braze-latency 0] [--phase all|intake|latency]
//        [--profile]   (--reuse-users N: the latency phase cycles through N customers instead of new ones)
// Prints everything and writes bench/results/bench-<timestamp>.json. See docs/performance.md.
import { fork } from "node:child_process";
import { subscribe } from "node:diagnostics_channel";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { startFakeBraze } from "./lib/fake-braze-server.mjs";
import { startFakeModel } from "./lib/fake-model-server.mjs";
import { startWorker } from "./lib/launcher.mjs";
import { runLoad } from "./lib/load.mjs";
import { summarize } from "./lib/stats.mjs";

const TOKEN = "local-dev-webhook-token";
const TARGETS = { intakeRatioMin: 0.8, ackP99RatioMax: 1.25, workerAddedP50MaxMs: 25, brazeCallsPerReply: 1 };

if (process.argv[2] === "--fakes-child") await runFakesChild();
else await main();

async function main() {
  const { values: flags } = parseArgs({
    options: {
      connections: { type: "string", default: "32" },
      duration: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      users: { type: "string", default: "1000" },
      "model-latency": { type: "string", default: "50" },
      "braze-latency": { type: "string", default: "0" },
      messages: { type: "string", default: "200" },
      "reuse-users": { type: "string", default: "0" },
      phase: { type: "string", default: "all" },
      // 60000 keeps every turn out of the measured window: the ack path alone against the baseline.
      "intake-debounce": { type: "string", default: "1500" },
      profile: { type: "boolean", default: false },
    },
  });
  const params = {
    connections: Number(flags.connections),
    durationS: Number(flags.duration),
    warmupS: Number(flags.warmup),
    users: Number(flags.users),
    modelLatencyMs: Number(flags["model-latency"]),
    brazeLatencyMs: Number(flags["braze-latency"]),
    latencyMessages: Number(flags.messages),
    latencyReuseUsers: Number(flags["reuse-users"]),
    phase: flags.phase,
    profile: flags.profile,
    intakeDebounceMs: flags["intake-debounce"],
  };
  const machine = describeMachine();
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`);
  console.log(`         Node ${machine.node}, wrangler ${machine.wrangler} (wrangler dev --local, workerd)`);
  console.log(`params:  ${JSON.stringify(params)}\n`);

  const startedAt = new Date();
  const results = { startedAt: startedAt.toISOString(), machine, params, targets: TARGETS };
  if (params.phase !== "latency") results.intake = await intakePhase(params);
  if (params.phase !== "intake") results.latency = await latencyPhase(params);
  results.verdict = verdict(results);
  printVerdict(results.verdict);

  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
}

function describeMachine() {
  const cpu = cpus();
  const version = (name) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
  return {
    cpuModel: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.versions.node,
    wrangler: version("wrangler"),
  };
}

// ---- intake: same load against the baseline and the Worker -------------------------------------------------

async function intakePhase(params) {
  console.log(
    `== intake: ${params.connections} connections, ${params.durationS} s (+${params.warmupS} s warm-up), ` +
      `${params.users} users, one unique message id per request`,
  );
  const baseline = await measureIntake("baseline", params, () =>
    startWorker({
      config: "bench/baseline/wrangler.toml",
      envFile: null,
      readyPath: "/webhooks/whatsapp",
      isReady: (response) => response.status < 500,
    }),
  );
  // The Worker with production defaults (REPLY_DEBOUNCE_MS 1500 unless --intake-debounce, SEND_SPACING_MS 2000):
  // turns and Braze calls run in the same workerd during the load, as they would in production.
  const fakes = await startFakesChild(params.modelLatencyMs, params.brazeLatencyMs);
  let worker;
  try {
    worker = await measureIntake("worker", params, () =>
      startWorker({
        vars: workerVars(fakes.urls, { REPLY_DEBOUNCE_MS: params.intakeDebounceMs }),
        args: params.profile ? ["--no-minify"] : [],
      }),
    );
    worker.afterAck = await fakes.stats();
  } finally {
    await fakes.stop();
  }
  const ratios = {
    reqPerSec: worker.reqPerSec / baseline.reqPerSec,
    ackP99: worker.ack.p99 / baseline.ack.p99,
    ackP50: worker.ack.p50 / baseline.ack.p50,
  };
  console.log(
    `  after the acks (during the load): ${worker.afterAck.modelRequests} model calls, ` +
      `${worker.afterAck.triggerSends} Braze trigger/send calls`,
  );
  console.log(
    `  Worker/baseline: req/s ${ratios.reqPerSec.toFixed(2)}x (target >= ${TARGETS.intakeRatioMin}x), ` +
      `ack p99 ${ratios.ackP99.toFixed(2)}x (target <= ${TARGETS.ackP99RatioMax}x), ack p50 ${ratios.ackP50.toFixed(2)}x\n`,
  );
  return { baseline, worker, ratios };
}

async function measureIntake(label, params, start) {
  const worker = await start();
  try {
    const profiler = params.profile && label === "worker" ? await startProfiler(worker.inspectorPort) : undefined;
    const run = `${label}-${Date.now()}`;
    let n = 0;
    const load = await runLoad({
      url: worker.url,
      path: "/webhooks/whatsapp",
      connections: params.connections,
      warmupMs: params.warmupS * 1000,
      durationMs: params.durationS * 1000,
      nextRequest: () => webhookRequest(`bench-u-${Math.floor(Math.random() * params.users)}`, `${run}-${++n}`),
    });
    const profile = profiler ? await profiler.stop() : undefined;
    const bundle = profile ? newestDevBundle() : undefined;
    const result = {
      requests: load.requests,
      reqPerSec: round(load.reqPerSec),
      ack: summarize(load.latencies),
      non2xx: load.non2xx,
      connectionErrors: load.errors,
      statuses: load.statuses,
    };
    const a = result.ack;
    console.log(
      `  ${label.padEnd(8)} ${String(result.requests).padStart(7)} requests  ${result.reqPerSec.toFixed(0).padStart(6)} req/s  ` +
        `ack p50 ${a.p50.toFixed(1)} ms  p99 ${a.p99.toFixed(1)} ms  max ${a.max.toFixed(1)} ms  ` +
        `non-2xx ${result.non2xx}  errors ${result.connectionErrors}`,
    );
    if (profile) result.profile = reportProfile(profile, bundle);
    return result;
  } finally {
    await worker.stop();
    rmSync(worker.persist, { recursive: true, force: true });
  }
}

function webhookRequest(user, messageId) {
  const phone = `+1415${String(Number(user.replace(/\D/g, "")) % 10_000_000).padStart(7, "0")}`;
  return {
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      escaped: true,
      user_id: user,
      phone_number: phone,
      message_id: messageId,
      sent_at: String(Math.floor(Date.now() / 1000)),
      message: `How long does delivery take? (${messageId})`,
    }),
  };
}

function workerVars(urls, extra) {
  return {
    BRAZE_REST_ENDPOINT: urls.braze,
    BRAZE_API_KEY: "bench-key",
    BRAZE_REPLY_CAMPAIGN_ID: "bench-campaign",
    BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "bench-group",
    AI_PROVIDER: "openai",
    OPENAI_BASE_URL: urls.model,
    AI_MODEL: "fake",
    ...extra,
  };
}

// The fake servers of the intake phase run in a child process so their work does not slow the load generator.
async function startFakesChild(modelLatencyMs, brazeLatencyMs) {
  const child = fork(new URL(import.meta.url).pathname, [
    "--fakes-child",
    String(modelLatencyMs),
    String(brazeLatencyMs),
  ]);
  const next = () => new Promise((resolve) => child.once("message", resolve));
  const urls = await next();
  return {
    urls,
    stats: async () => {
      child.send("stats");
      return next();
    },
    stop: async () => {
      child.send("stop");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

async function runFakesChild() {
  const braze = await startFakeBraze({ latencyMs: Number(process.argv[4]) });
  const model = await startFakeModel({ latencyMs: Number(process.argv[3]) });
  process.send({ braze: braze.url, model: model.url });
  process.on("message", async (message) => {
    if (message === "stats") {
      const triggerSends = braze.calls.filter((c) => c.path === "/campaigns/trigger/send").length;
      process.send({ modelRequests: model.stats.requests, brazeCalls: braze.calls.length, triggerSends });
    } else {
      await Promise.all([braze.close(), model.close()]);
      process.exit(0);
    }
  });
}

// ---- latency: what the Worker adds between a webhook and its Braze call ------------------------------------

async function latencyPhase(params) {
  const who = params.latencyReuseUsers > 0 ? `${params.latencyReuseUsers} customers in turn` : "a new customer each";
  console.log(
    `== latency: ${params.latencyMessages} messages one at a time, ${who}; ` +
      `fake model ${params.modelLatencyMs} ms, fake Braze ${params.brazeLatencyMs} ms, ` +
      "REPLY_DEBOUNCE_MS=0, SEND_SPACING_MS=0",
  );
  const braze = await startFakeBraze({ latencyMs: params.brazeLatencyMs });
  const model = await startFakeModel({ latencyMs: params.modelLatencyMs });
  // Every request the fake servers serve, timed by their own http server (start of request -> end of answer).
  const served = [];
  const fakePorts = new Set([new URL(braze.url).port, new URL(model.url).port].map(Number));
  const open = new WeakMap();
  const onStart = ({ request, socket }) => {
    if (fakePorts.has(socket.localPort)) open.set(request, performance.now());
  };
  const onFinish = ({ request, socket }) => {
    const start = open.get(request);
    if (start !== undefined) served.push({ port: socket.localPort, path: request.url, start, end: performance.now() });
  };
  subscribe("http.server.request.start", onStart);
  subscribe("http.server.response.finish", onFinish);
  const worker = await startWorker({
    vars: workerVars({ braze: braze.url, model: model.url }, { REPLY_DEBOUNCE_MS: "0", SEND_SPACING_MS: "0" }),
  });
  const total = [];
  const modelMs = [];
  const added = [];
  const acks = [];
  const warmup = Math.min(10, Math.floor(params.latencyMessages / 10));
  const users = new Set();
  try {
    const run = Date.now();
    for (let i = 0; i < params.latencyMessages; i++) {
      const user = `lat-${run}-${params.latencyReuseUsers > 0 ? i % params.latencyReuseUsers : i}`;
      users.add(user);
      const { headers, body } = webhookRequest(user, `lat-${run}-${i}`);
      const before = braze.calls.length;
      const sentAt = performance.now();
      const response = await fetch(`${worker.url}/webhooks/whatsapp`, { method: "POST", headers, body });
      acks.push(performance.now() - sentAt);
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      const call = await waitForBrazeCall(braze, before, user, 10_000);
      const inside = served.filter((s) => s.start >= sentAt && s.end <= call.at);
      const modelTime = inside.reduce((sum, s) => sum + (s.end - s.start), 0);
      if (i < warmup) continue;
      total.push(call.at - sentAt);
      modelMs.push(modelTime);
      added.push(call.at - sentAt - modelTime);
    }
    await new Promise((r) => setTimeout(r, 2000)); // any late duplicate Braze call would arrive by now
  } finally {
    await worker.stop();
    rmSync(worker.persist, { recursive: true, force: true });
    await Promise.all([braze.close(), model.close()]);
  }
  const sends = braze.calls.filter((c) => c.path === "/campaigns/trigger/send");
  const sent = new Map(); // messages each customer sent
  for (let i = 0; i < params.latencyMessages; i++) {
    const k = params.latencyReuseUsers > 0 ? i % params.latencyReuseUsers : i;
    sent.set(k, (sent.get(k) ?? 0) + 1);
  }
  const messagesPer = (user) => sent.get(Number(user.split("-").at(-1))) ?? 0;
  const perUser = new Map();
  for (const c of sends) perUser.set(recipientOf(c), (perUser.get(recipientOf(c)) ?? 0) + 1);
  const replied = params.latencyMessages; // one reply per message: each waited for its own Braze call
  const brazeServed = served.filter((s) => s.port === Number(new URL(braze.url).port));
  const result = {
    messages: params.latencyMessages,
    warmupExcluded: warmup,
    ack: summarize(acks.slice(warmup)),
    total: summarize(total),
    model: summarize(modelMs),
    brazeServed: summarize(brazeServed.map((s) => s.end - s.start)),
    workerAdded: summarize(added),
    brazeCallsPerReply: round(sends.length / replied),
    customers: users.size,
    customersWithMoreCallsThanMessages: [...users].filter((u) => (perUser.get(u) ?? 0) > messagesPer(u)).length,
  };
  const fmt = (s) => `p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`;
  console.log(`  webhook ack                   ${fmt(result.ack)}`);
  console.log(`  webhook -> Braze call (total) ${fmt(result.total)}`);
  console.log(`  model (fake server's own)     ${fmt(result.model)}`);
  console.log(`  Braze (fake server's own)     ${fmt(result.brazeServed)}  (after the call arrived: not in total)`);
  console.log(
    `  Worker-added = total - model  ${fmt(result.workerAdded)}  (target p50 <= ${TARGETS.workerAddedP50MaxMs} ms)`,
  );
  console.log(
    `  Braze calls per reply         ${result.brazeCallsPerReply.toFixed(2)} (${sends.length} calls, ${replied} replies)\n`,
  );
  return result;
}

function recipientOf(call) {
  return call.body?.recipients?.[0]?.external_user_id;
}

async function waitForBrazeCall(braze, from, user, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const call = braze.calls.slice(from).find((c) => c.path === "/campaigns/trigger/send" && recipientOf(c) === user);
    if (call) return call;
    if (performance.now() > deadline) throw new Error(`no Braze call for ${user} within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

// ---- verdict, profile -----------------------------------------------------------------------------------------

function verdict({ intake, latency }) {
  const checks = [];
  if (intake) {
    checks.push({ target: "intake req/s >= 0.8x baseline", value: round(intake.ratios.reqPerSec) });
    checks.at(-1).met = intake.ratios.reqPerSec >= TARGETS.intakeRatioMin;
    checks.push({ target: "ack p99 <= 1.25x baseline", value: round(intake.ratios.ackP99) });
    checks.at(-1).met = intake.ratios.ackP99 <= TARGETS.ackP99RatioMax;
  }
  if (latency) {
    checks.push({ target: "Worker-added p50 <= 25 ms", value: latency.workerAdded.p50 });
    checks.at(-1).met = latency.workerAdded.p50 <= TARGETS.workerAddedP50MaxMs;
    checks.push({ target: "Braze calls per reply = 1.0", value: latency.brazeCallsPerReply });
    checks.at(-1).met = latency.brazeCallsPerReply === TARGETS.brazeCallsPerReply;
  }
  return checks;
}

function printVerdict(checks) {
  console.log("== targets");
  for (const c of checks) console.log(`  ${c.met ? "MET    " : "MISSED "} ${c.target.padEnd(32)} ${c.value}`);
}

function round(v) {
  return Math.round(v * 100) / 100;
}

/** A CPU profile of the Worker's isolate through wrangler's inspector proxy (Chrome DevTools protocol). */
async function startProfiler(inspectorPort) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  // wrangler's inspector proxy wants a local Origin (undici's WebSocket takes headers as a non-standard option).
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message.result);
  };
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call("Profiler.enable");
  await call("Profiler.start");
  return {
    async stop() {
      const { profile } = await call("Profiler.stop");
      socket.close();
      return profile;
    },
  };
}

/** The bundle `wrangler dev` is running (its line numbers are the profile's), read before wrangler deletes it. */
function newestDevBundle() {
  const dirs = readdirSync(".wrangler/tmp")
    .filter((d) => d.startsWith("dev-"))
    .map((d) => `.wrangler/tmp/${d}/index.js`)
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return dirs[0] ? readFileSync(dirs[0], "utf8").split("\n") : undefined;
}

/** Saves the .cpuprofile and prints the functions with the most self time, and named ones by total time. */
function reportProfile(profile, bundleLines) {
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/worker-intake-${Date.now()}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = ({ functionName, url, lineNumber }) => {
    const source = url === "index.js" ? (bundleLines?.[lineNumber]?.trim().slice(0, 60) ?? "") : "";
    return `${functionName || "(anonymous)"} ${url.split("/").at(-1)}:${lineNumber + 1}${source ? `  | ${source}` : ""}`;
  };
  const self = new Map();
  const total = new Map();
  let sumUs = 0;
  profile.samples.forEach((nodeId, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    sumUs += us;
    const key = label(byId.get(nodeId).callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    const seen = new Set();
    for (let id = nodeId; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (name && !name.startsWith("(") && !seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + us);
      }
    }
  });
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([fn, us]) => ({ fn, ms: round(us / 1000), share: round((100 * us) / sumUs) }));
  const result = { file, selfTop: top(self, 20), totalTop: top(total, 30) };
  console.log(`  CPU profile of the Worker isolate (${round(sumUs / 1000)} ms sampled): ${file}`);
  console.log("  top self time:");
  for (const t of result.selfTop) console.log(`    ${t.share.toFixed(1).padStart(5)}%  ${t.fn}`);
  console.log("  top total time (named functions, callees included):");
  for (const t of result.totalTop) console.log(`    ${t.share.toFixed(1).padStart(5)}%  ${t.fn}`);
  return result;
}
