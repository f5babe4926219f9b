// A fake Braze REST API on 127.0.0.1 that records every request it got with its arrival time (for measurements)
// and, for the soak, injects Braze's failure modes on a seeded share of requests and remembers what each one did.
import { createServer } from "node:http";
import { freePort } from "./launcher.mjs";

/** The kinds of injected faults, in the order they are drawn (each an equal share of faultRate). */
export const BRAZE_FAULT_KINDS = ["5xx", "429", "slow", "drop-before-read", "accept-then-drop"];

const pick = (random, values) => values[Math.floor(random() * values.length)];
const between = (random, low, high) => low + random() * (high - low);

/**
 * latencyMs: fixed delay before every normal answer. faultRate: share of requests that get a fault; random: a
 * seeded () => number in [0, 1); timeoutMs: the client's timeout, so half the slow answers come later than it;
 * apiKey: when set, any other bearer token is answered 401.
 * calls: one entry per request Braze read: { path, body, at, wallAt, outcome, accepted, answered, closedAt }, where
 * accepted means Braze acted on it (2xx, slow, accept-then-drop) and answered that its 2xx was fully written.
 */
export async function startFakeBraze({
  latencyMs = 0,
  faultRate = 0,
  random = Math.random,
  timeoutMs = 1000,
  apiKey,
} = {}) {
  const port = await freePort();
  const calls = [];
  const faults = Object.fromEntries(BRAZE_FAULT_KINDS.map((kind) => [kind, 0]));
  const stats = { requests: 0, faults, slowPastTimeout: 0, unauthorized: 0, lastRequestAt: 0 };
  let dispatch = 0;
  const sockets = new Set();

  const answer = (res, call, delayMs) => {
    res.on("finish", () => {
      call.answered = true;
    });
    res.on("close", () => {
      if (!res.writableFinished) Object.assign(call, { answered: false, closedAt: performance.now() });
    });
    setTimeout(() => {
      if (res.destroyed) return;
      const id = `d-${++dispatch}`;
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify(
          call.path.includes("trigger") ? { dispatch_id: id, message: "success" } : { message: "success" },
        ),
      );
    }, delayMs);
  };

  const fail = (res, kind) => {
    if (kind === "429") {
      const reset = Math.ceil(Date.now() / 1000) + 1 + Math.floor(random() * 2); // 1 to 3 s ahead
      res.writeHead(429, { "Content-Type": "application/json", "X-RateLimit-Reset": String(reset) });
      res.end(JSON.stringify({ message: "rate limit exceeded" }));
      return;
    }
    res.writeHead(pick(random, [500, 502, 503, 504]), { "Content-Type": "application/json" });
    res.end(JSON.stringify({ message: "internal server error" }));
  };

  const handle = (req, res, fault, raw) => {
    let body;
    try {
      body = JSON.parse(raw || "{}");
    } catch {
      body = { unparsable: raw };
    }
    const call = {
      path: req.url,
      body,
      at: performance.now(),
      wallAt: Date.now(),
      outcome: fault ?? "ok",
      accepted: false,
    };
    calls.push(call);
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
      stats.unauthorized++;
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ message: "Invalid API key" }));
      return;
    }
    if (fault === "5xx" || fault === "429") return fail(res, fault);
    call.accepted = true;
    if (fault === "accept-then-drop") {
      Object.assign(call, { answered: false, closedAt: call.at });
      req.socket.destroy();
      return;
    }
    if (fault === "slow") {
      const late = random() < 0.5;
      if (late) stats.slowPastTimeout++;
      return answer(res, call, late ? timeoutMs + between(random, 200, 1500) : between(random, 200, 800));
    }
    answer(res, call, latencyMs);
  };

  const server = createServer((req, res) => {
    stats.requests++;
    stats.lastRequestAt = performance.now();
    const fault = random() < faultRate ? pick(random, BRAZE_FAULT_KINDS) : undefined;
    if (fault) faults[fault]++;
    if (fault === "drop-before-read") {
      req.socket.destroy(); // Braze never got it
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => handle(req, res, fault, Buffer.concat(chunks).toString()));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stats,
    close: () =>
      new Promise((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(r);
      }),
  };
}
