// A closed-loop HTTP load generator for the benchmark: `connections` keep-alive sockets, each sending its next
// request as soon as the previous answer is fully read, for a warm-up (not counted) and then a measured spell.
// Node's http module only (no dependencies); one request in flight per socket, so `connections` = concurrency.
import { Agent, request } from "node:http";

/**
 * url: base URL; path; nextRequest(): { headers, body } for the next request (unique ids are the caller's).
 * Returns { requests, elapsedMs, reqPerSec, latencies (ms, measured spell only), statuses, non2xx, errors }.
 */
export async function runLoad({ url, path, connections = 32, warmupMs = 3000, durationMs = 20_000, nextRequest }) {
  const target = new URL(path, url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const statuses = {};
  let requests = 0;
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const measureFrom = started + warmupMs;
  const measureUntil = measureFrom + durationMs;

  const send = (headers, body) =>
    new Promise((resolve) => {
      const req = request(
        target,
        { method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => resolve({ status: res.statusCode }));
          res.on("error", () => resolve({ status: 0 }));
        },
      );
      req.on("error", () => resolve({ status: 0 }));
      req.end(body);
    });

  const loop = async () => {
    for (;;) {
      const sentAt = performance.now();
      if (sentAt >= measureUntil) return;
      const { headers, body } = nextRequest();
      const { status } = await send(headers, body);
      if (sentAt < measureFrom) continue;
      requests++;
      latencies.push(performance.now() - sentAt);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 0) errors++;
      else if (status < 200 || status > 299) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  // Requests sent inside the spell may finish after it; they count, and the rate uses the spell's length.
  const elapsedMs = Math.max(durationMs, performance.now() - measureFrom);
  agent.destroy();
  return { requests, elapsedMs, reqPerSec: requests / (elapsedMs / 1000), latencies, statuses, non2xx, errors };
}
