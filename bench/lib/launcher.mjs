// Starts the real Worker under `wrangler dev --local` on a free port with the given variables, waits until
// /health answers, and stops it again. Shared by the latency measurement (and, later, the soak and bench).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * vars: Record<string,string>; returns { url, inspectorPort, stop() }. Storage lives in a fresh temp dir unless
 * persistTo is given. config: another wrangler.toml (the bench's baseline Worker); envFile: null to read none;
 * isReady(response): when the Worker counts as up (default: /health answers 200); readyPath: where to ask;
 * args: more `wrangler dev` flags (e.g. --no-minify for a readable CPU profile).
 */
export async function startWorker({
  vars,
  persistTo,
  quiet = true,
  config,
  envFile = ".dev.vars.example",
  readyPath = "/health",
  isReady = (response) => response.status === 200,
  args: extraArgs = [],
} = {}) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persist = persistTo ?? mkdtempSync(join(tmpdir(), "wa-worker-"));
  const args = [
    "wrangler",
    "dev",
    "--local",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    persist,
    "--show-interactive-dev-session=false",
  ];
  if (envFile) args.push("--env-file", envFile);
  if (config) args.push("--config", config);
  args.push(...extraArgs);
  for (const [key, value] of Object.entries(vars ?? {})) args.push("--var", `${key}:${value}`);
  const child = spawn("npx", args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    detached: true,
  });
  const logs = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) logs.push(line);
    if (!quiet) process.stderr.write(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${logs.slice(-20).join("\n")}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      await response.body?.cancel();
      if (isReady(response)) break;
    } catch {}
    if (Date.now() > deadline) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      throw new Error(`wrangler dev did not become healthy:\n${logs.slice(-20).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    inspectorPort,
    persist,
    logs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid, signal);
      } catch {}
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        setTimeout(resolve, 5000);
      });
    },
  };
}
