// A fake Braze REST API on 127.0.0.1 that records every request with its arrival time (for measurements).
import { createServer } from "node:http";
import { freePort } from "./launcher.mjs";

export async function startFakeBraze({ latencyMs = 0 } = {}) {
  const port = await freePort();
  const calls = [];
  let dispatch = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      calls.push({ path: req.url, body, at });
      setTimeout(() => {
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ dispatch_id: `d-${++dispatch}`, message: "success" }));
      }, latencyMs);
    });
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(r)) };
}
