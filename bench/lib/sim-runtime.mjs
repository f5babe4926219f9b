// What the Braze-timeout simulation needs to run the Worker's real delivery code in Node, fast: the code bundled
// from src/ with esbuild, a SQLite database standing in for a Durable Object's `ctx.storage.sql`, and a virtual
// clock that replaces setTimeout and Date.now, so a 60-second Braze answer costs microseconds, not a minute.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Bundles the real modules (delivery, outbox, Braze client, config) and imports them. */
export async function loadWorkerCode() {
  const { build } = await import("esbuild");
  const contents = [
    'export { deliverOutbox } from "./src/conversation/delivery";',
    'export { openStores } from "./src/conversation/stores";',
    'export { migrate } from "./src/conversation/schema";',
    'export { BrazeClient } from "./src/braze/client";',
    'export { loadConfig } from "./src/config";',
  ].join("\n");
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts", sourcefile: "braze-timeout-entry.ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "error",
  });
  const dir = mkdtempSync(join(tmpdir(), "braze-timeout-"));
  const file = join(dir, "worker-code.mjs");
  try {
    writeFileSync(file, result.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The subset of workerd's SqlStorage the stores use: exec(query, ...bindings) -> cursor (toArray, one). */
export function sqlStorage() {
  const db = new DatabaseSync(":memory:");
  const statements = new Map();
  const exec = (query, ...bindings) => {
    // Migrations send several statements at once, without bindings; workerd accepts that, prepare() does not.
    if (bindings.length === 0 && /;\s*\S/.test(query)) {
      db.exec(query);
      return cursor([]);
    }
    let statement = statements.get(query);
    if (!statement) {
      statement = db.prepare(query.replace(/;\s*$/, ""));
      statements.set(query, statement);
    }
    return cursor(statement.all(...bindings));
  };
  return { exec, close: () => db.close() };
}

function cursor(rows) {
  return {
    toArray: () => rows,
    one: () => {
      if (rows.length !== 1) throw new Error(`expected exactly one row, got ${rows.length}`);
      return rows[0];
    },
    [Symbol.iterator]: () => rows[Symbol.iterator](),
  };
}

/**
 * A virtual clock for one sequential piece of work at a time. While installed, setTimeout, clearTimeout and
 * Date.now are the clock's; run(promise) lets microtasks settle, then jumps to the next timer, until the promise
 * settles. Faithful for code that waits only on timers and on the fake transport (which uses the same timers).
 */
export function virtualClock(start = 0) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  const real = { setTimeout, clearTimeout, now: Date.now, setImmediate };
  const settle = () => new Promise((resolve) => real.setImmediate(resolve));
  const clock = {
    now: () => now,
    setTime(t) {
      now = Math.max(now, t);
    },
    /** Starts a new, independent piece of work at time t (no timer may be left from the previous one). */
    reset(t) {
      if (timers.size > 0) throw new Error("virtual clock: timers left over from the previous run");
      now = t;
    },
    install() {
      globalThis.setTimeout = (fn, ms = 0, ...args) => {
        const id = nextId++;
        timers.set(id, { at: now + Math.max(0, Number(ms) || 0), fn, args });
        return id;
      };
      globalThis.clearTimeout = (id) => timers.delete(id);
      Date.now = () => now;
    },
    uninstall() {
      Object.assign(globalThis, { setTimeout: real.setTimeout, clearTimeout: real.clearTimeout });
      Date.now = real.now;
    },
    async run(promise) {
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        await settle();
        if (settled) return promise;
        let nextTimer;
        for (const [id, timer] of timers) if (!nextTimer || timer.at < nextTimer[1].at) nextTimer = [id, timer];
        if (!nextTimer) throw new Error("virtual clock: the work waits on something other than a timer");
        timers.delete(nextTimer[0]);
        now = Math.max(now, nextTimer[1].at);
        nextTimer[1].fn(...nextTimer[1].args);
      }
    },
  };
  return clock;
}
