// Finding and launching Debian's Chromium for the end-to-end test, and the checks every page gets: no
// uncaught script error, no console error except the expected 401 and 409 answers, no reload.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** True when the e2e can run; otherwise says so loudly, and fails when REQUIRE_E2E=1 asks it to. */
export function chromiumOrSkip() {
  if (existsSync(CHROMIUM_PATH)) return true;
  const line = "!".repeat(100);
  const required = process.env.REQUIRE_E2E === "1";
  console.error(`${line}\n!! e2e: no Chromium at ${CHROMIUM_PATH}: the agent inbox end-to-end test did NOT run.`);
  console.error("!! Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.");
  console.error(required ? "!! REQUIRE_E2E=1: failing." : "!! Skipping (set REQUIRE_E2E=1 to fail instead).");
  console.error(line);
  if (required) process.exit(1);
  return false;
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH });
}

/**
 * Opens a page in its own context (its own sessionStorage: one agent per context) and watches it.
 * problems(): what went wrong in the page; reloads(): documents loaded after the first one.
 */
export async function watchedPage(browser, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(10_000); // a step that fails should fail fast, not after Playwright's 30 s
  const page = await context.newPage();
  const problems = [];
  let navigations = 0;
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // Chromium logs every 4xx as a console error: a sign-in probe without a credential (401) and a lost claim
    // race (409) are answered so by design; any other one is a problem.
    if (m.type() === "error" && !/status of 40[19] /.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("dialog", (d) => {
    problems.push(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });
  // "load" fires once per document; same-document changes (the #c=<id> fragment) do not count.
  page.on("load", () => navigations++);
  return { page, context, problems, reloads: () => navigations - 1 };
}

/** Polls `read` until `accept(value)` holds; returns the value or throws naming what it waited for. */
export async function until(what, read, accept = Boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  for (;;) {
    value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function step(text) {
  console.log(`  ✓ ${text}`);
}
