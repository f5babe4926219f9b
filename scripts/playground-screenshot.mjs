// Starts the Worker the way `npm start` does (wrangler dev --local, .dev.vars.example, fresh storage), opens
// /playground in Chromium, chats as a customer, saves docs/playground.png and prints the bubbles a newcomer
// sees, in order. Exits non-zero when no reply appears within 20 s.
// Usage: npm run playground:screenshot   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startWorker } from "../bench/lib/launcher.mjs";

const REPLY_TIMEOUT_MS = 20_000;
const QUIET_MS = 1_500;
const MESSAGES = ["Where is my order?", "What are your opening hours?"];
const OUTPUT = "docs/playground.png";

/** Sends one message and waits for the bot's reply bubbles, until no more arrive for QUIET_MS. */
async function chat(page, text) {
  const replies = page.locator(".row.in:not(#typing) .bubble");
  const before = await replies.count();
  await page.locator("#input").fill(text);
  await page.locator("#input").press("Enter");
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  while ((await replies.count()) === before) {
    if (Date.now() > deadline) throw new Error(`no reply to "${text}" within ${REPLY_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(100);
  }
  let count = await replies.count();
  for (;;) {
    await page.waitForTimeout(QUIET_MS);
    const now = await replies.count();
    if (now === count) break;
    count = now;
  }
}

/** What the chat shows, top to bottom, without the raw JSON panels. */
function bubbles(page) {
  return page.$$eval(".messages .row:not([hidden])", (rows) =>
    rows.map((row) => {
      const box = row.querySelector(".bubble, .notebox");
      const clone = box.cloneNode(true);
      for (const n of clone.querySelectorAll("details, .time")) n.remove();
      const who = row.classList.contains("out") ? "customer" : row.classList.contains("in") ? "bot" : "note";
      const status = row.querySelector(".status")?.textContent;
      return { who, text: clone.textContent.trim(), status };
    }),
  );
}

const worker = await startWorker();
let browser;
let failed = false;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${worker.url}/playground`);
  await page.locator("#messages .intro").waitFor();
  for (const text of MESSAGES) await chat(page, text);
  await page
    .locator(".row.in:not(#typing) details.raw")
    .last()
    .evaluate((d) => {
      d.open = true;
    });
  await page.locator("#messages").evaluate((m) => {
    m.scrollTop = m.scrollHeight;
  });
  mkdirSync("docs", { recursive: true });
  await page.screenshot({ path: OUTPUT });
  for (const b of await bubbles(page)) {
    const status = b.status ? `   [${b.status}]` : "";
    console.log(`${b.who.padEnd(8)} ${b.text.replace(/\s*\n\s*/g, " / ")}${status}`);
  }
  console.log(`\nscreenshot: ${OUTPUT}`);
  if (problems.length) {
    console.error(`page errors:\n${problems.join("\n")}`);
    failed = true;
  }
} catch (error) {
  console.error(`playground: ${error.message}`);
  if (worker.logs.length) console.error(worker.logs.slice(-15).join("\n"));
  failed = true;
} finally {
  await browser?.close();
  await worker.stop();
}
process.exit(failed ? 1 : 0);
