// End-to-end: the agent inbox page in headless Chromium against the real Worker under `wrangler dev --local`.
// 1. fake Braze on 127.0.0.1 + two agents signed in by token: the handoff flow (handoff-flow.mjs), then
//    the page's edge cases against a stubbed API on the same Worker (inbox-stubbed.mjs);
// 2. the local default: playground and inbox in two tabs, the local Braze sink (playground-flow.mjs).
// Saves screenshots in test/e2e/artifacts/ (git-ignored); with --update-screenshot also the README's
// docs/agent-inbox.png. Without Chromium it skips loudly (REQUIRE_E2E=1 fails instead).
// Usage: npm run e2e [-- --update-screenshot]   (CHROMIUM_PATH overrides /usr/bin/chromium)
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import { startFakeBraze } from "../../bench/lib/fake-braze-server.mjs";
import { startWorker } from "../../bench/lib/launcher.mjs";
import { checkHandoffFlow } from "./handoff-flow.mjs";
import { checkInboxWithStubbedApi } from "./inbox-stubbed.mjs";
import { chromiumOrSkip, launch, step } from "./lib/browser.mjs";
import { checkPlaygroundWithInbox } from "./playground-flow.mjs";

const secret = (name) => `e2e-${name}-${randomBytes(12).toString("hex")}`;
const INBOX_SCREENSHOT = "test/e2e/artifacts/inbox-alice-replied.png";
const FAST = { REPLY_DEBOUNCE_MS: "200", SEND_SPACING_MS: "0", SUBSCRIPTION_SETTLE_MS: "0" };

/**
 * The pages' scripts are static assets: the inbox's is served to anyone (it holds no data), the playground's only
 * where its page is (the Worker runs first for it, [assets] run_worker_first in wrangler.toml).
 */
async function checkPageScripts(worker, { playground }) {
  const inbox = await fetch(`${worker.url}/assets/inbox.js`);
  assert.equal(inbox.status, 200);
  assert.match(inbox.headers.get("content-type") ?? "", /javascript/);
  const playgroundScript = await fetch(`${worker.url}/assets/playground.js`);
  assert.equal(playgroundScript.status, playground ? 200 : 404);
  step(`assets: /assets/inbox.js served, /assets/playground.js ${playground ? "served" : "404"} on this Worker`);
}

async function withTokenAgents(browser) {
  const secrets = { webhook: secret("webhook"), braze: secret("braze"), alice: secret("alice"), bob: secret("bob") };
  const braze = await startFakeBraze({ apiKey: secrets.braze });
  let worker;
  try {
    worker = await startWorker({
      vars: {
        ...FAST,
        BRAZE_REST_ENDPOINT: braze.url,
        BRAZE_API_KEY: secrets.braze,
        BRAZE_REPLY_CAMPAIGN_ID: "e2e-bot-replies",
        BRAZE_AGENT_REPLY_CAMPAIGN_ID: "e2e-agent-replies",
        BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "e2e-whatsapp-group",
        WEBHOOK_TOKEN: secrets.webhook,
        AGENT_TOKENS: `alice:${secrets.alice},bob:${secrets.bob}`,
        BRAZE_TIMEOUT_MS: "2000",
      },
    });
    console.log(`worker with a fake Braze and agent tokens at ${worker.url}`);
    await checkPageScripts(worker, { playground: false });
    await checkHandoffFlow({
      browser,
      worker,
      braze,
      webhookToken: secrets.webhook,
      tokens: { alice: secrets.alice, bob: secrets.bob },
      screenshot: INBOX_SCREENSHOT,
    });
    await checkInboxWithStubbedApi(browser, worker.url);
  } catch (error) {
    if (worker) console.error(worker.logs.slice(-20).join("\n"));
    throw error;
  } finally {
    await worker?.stop();
    await braze.close();
  }
}

async function withLocalDefault(browser) {
  const worker = await startWorker({ vars: FAST }); // .dev.vars.example: the local Braze sink, no agent sign-in
  try {
    console.log(`worker as after \`npm start\` at ${worker.url}`);
    await checkPageScripts(worker, { playground: true });
    await checkPlaygroundWithInbox({ browser, worker, screenshot: "test/e2e/artifacts/inbox-local.png" });
  } catch (error) {
    console.error(worker.logs.slice(-20).join("\n"));
    throw error;
  } finally {
    await worker.stop();
  }
}

if (!chromiumOrSkip()) process.exit(0);
mkdirSync("test/e2e/artifacts", { recursive: true });
const started = performance.now();
const browser = await launch();
let failed = false;
try {
  await withTokenAgents(browser);
  await withLocalDefault(browser);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // Only on request, so that running the tests leaves the working tree clean.
  if (process.argv.includes("--update-screenshot")) copyFileSync(INBOX_SCREENSHOT, "docs/agent-inbox.png");
  console.log(`e2e passed in ${seconds} s; screenshots in test/e2e/artifacts/`);
} catch (error) {
  console.error(`e2e FAILED: ${error.stack ?? error}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
