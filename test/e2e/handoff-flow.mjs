// The "Done when" flow against the real Worker and a fake Braze on 127.0.0.1, with two agents signed
// in by token: a customer asks for a person -> the conversation appears in both inboxes without a reload ->
// Alice claims it (Bob sees it taken) and replies -> Braze gets that reply exactly once -> Alice releases it
// -> the bot answers the customer's next message.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { step, until, watchedPage } from "./lib/browser.mjs";
import { newCustomer, say, textsTo } from "./lib/customer.mjs";

const ARTIFACTS = "test/e2e/artifacts";
const HANDOFF_NOTICE = "I'll pass this on to a member of our team. They'll reply here as soon as they can.";

async function signInWithToken(browser, baseUrl, token, name) {
  const watched = await watchedPage(browser);
  const { page } = watched;
  await page.goto(`${baseUrl}/agent`);
  await page.locator("#signin").waitFor();
  await page.locator("#token").fill(token);
  await page.locator("#token").press("Enter");
  await page.locator("#app").waitFor();
  assert.match(await page.locator("#me").textContent(), new RegExp(`Signed in as ${name} \\(with an agent token\\)`));
  // The socket opens only if the Worker accepted the token passed as its subprotocol.
  await until(
    `${name}'s live socket`,
    () => page.locator("#live-text").textContent(),
    (t) => t === "live",
  );
  return watched;
}

/** Opens the live socket from inside the page with the given subprotocols: "opened" or "refused". */
function trySocket(page, protocols) {
  return page.evaluate(
    (list) =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/agent/api/live`, list);
        ws.addEventListener("open", () => {
          ws.close();
          resolve("opened");
        });
        ws.addEventListener("close", () => resolve("refused"));
      }),
    protocols,
  );
}

const queueItem = (page, customer) => page.locator(".item", { hasText: customer.name });

export async function checkHandoffFlow({ browser, worker, braze, webhookToken, tokens, screenshot }) {
  const alice = await signInWithToken(browser, worker.url, tokens.alice, "alice");
  const bob = await signInWithToken(browser, worker.url, tokens.bob, "bob");
  assert.equal(await trySocket(alice.page, ["braze-agent", tokens.alice]), "opened");
  assert.equal(await trySocket(alice.page, []), "refused");
  assert.equal(await trySocket(alice.page, ["braze-agent", `${tokens.alice}x`]), "refused");
  step(
    "two agents sign in with their tokens; the live socket takes the token as its subprotocol, refuses none or a wrong one",
  );
  try {
    const customer = newCustomer("Robin Meyer");
    const other = newCustomer("Lucía Ortega", "es");
    await say(worker.url, webhookToken, customer, "Where is my order?");
    await until("the bot's first answer", () => textsTo(braze.calls, customer).length >= 1);
    await say(worker.url, webhookToken, customer, "AGENT");
    await say(worker.url, webhookToken, other, "ASESOR");
    for (const agent of [alice, bob]) await queueItem(agent.page, customer).waitFor({ timeout: 15_000 });
    await queueItem(alice.page, other).waitFor({ timeout: 15_000 });
    assert.match(await queueItem(alice.page, customer).textContent(), /Waiting/);
    assert.deepEqual([alice.reloads(), bob.reloads()], [0, 0], "no page was reloaded");
    step("a customer types AGENT: the conversation appears in both inboxes without a reload");

    await queueItem(alice.page, customer).click();
    await until(
      "the transcript",
      () => alice.page.locator("#transcript").textContent(),
      (t) => t.includes("AGENT"),
    );
    assert.match(await alice.page.locator("#transcript").textContent(), /Where is my order\?/);
    await alice.page.locator("#claim").click();
    await until("Alice's reply box", () => alice.page.locator("#reply-input").isEnabled());
    await until(
      "Bob's view",
      () => queueItem(bob.page, customer).textContent(),
      (t) => /Taken by alice/.test(t),
    );
    await queueItem(bob.page, customer).click();
    await until(
      "Bob's transcript",
      () => bob.page.locator("#conv-status").textContent(),
      (t) => /Taken by alice/.test(t),
    );
    assert.equal(await bob.page.locator("#reply-input").isDisabled(), true, "Bob cannot reply");
    step("Alice claims it; Bob's inbox shows it taken by alice, live, and his reply box stays disabled");

    const reply = `Hi ${customer.name}, this is Alice: your parcel left the warehouse today.`;
    const beforeReply = Date.now();
    await alice.page.locator("#reply-input").fill(reply);
    await alice.page.locator("#reply-input").press("Enter");
    const sent = alice.page.locator(".msg.agent", { hasText: reply });
    await until(
      "the reply's delivery state",
      () => sent.locator(".delivery").textContent(),
      (t) => /Accepted by Braze/.test(t),
    );
    const copies = () => textsTo(braze.calls, customer).filter((m) => m.text === reply);
    assert.equal(copies().length, 1);
    await new Promise((r) => setTimeout(r, 2000)); // time for any duplicate to show up
    assert.equal(copies().length, 1, "the reply reached Braze exactly once");
    assert.ok(copies()[0].at >= beforeReply);
    await until(
      "Bob's copy",
      () => bob.page.locator("#transcript").textContent(),
      (t) => t.includes(reply),
    );
    step(
      `Alice replies; Braze got it exactly once (campaign ${copies()[0].campaign}); the page shows "Accepted by Braze"`,
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await alice.page.screenshot({ path: screenshot });
    await bob.page.screenshot({ path: `${ARTIFACTS}/inbox-bob-sees-taken.png` });

    const beforeRelease = textsTo(braze.calls, customer).length;
    const whileHandedOff = textsTo(braze.calls, customer)
      .slice(1)
      .map((m) => m.text);
    assert.deepEqual(whileHandedOff, [HANDOFF_NOTICE, reply], "the bot stayed silent while the agent had it");
    await alice.page.locator("#release").click();
    await until(
      "the release",
      () => alice.page.locator("#conv-status").textContent(),
      (t) => /Back with the bot/.test(t),
    );
    await queueItem(bob.page, customer).waitFor({ state: "detached", timeout: 10_000 });
    step("Alice releases it: it leaves the queue in Bob's inbox too");

    await say(worker.url, webhookToken, customer, "What are your opening hours?");
    const answers = await until(
      "the bot's answer after the release",
      () => textsTo(braze.calls, customer).slice(beforeRelease),
      (list) => list.some((m) => /Monday\s*(?:–|-|to)\s*Friday/.test(m.text)), // the knowledge base answer
      20_000,
    );
    assert.equal(await queueItem(alice.page, customer).count(), 0, "the customer is not queued again");
    step(`the bot answers the next message ("${answers.at(-1).text.slice(0, 50)}…")`);

    await alice.page.setViewportSize({ width: 390, height: 800 });
    await alice.page.screenshot({ path: `${ARTIFACTS}/inbox-narrow.png` });
    // Chromium logs the two sockets refused on purpose at the start; anything else is a problem.
    const refusedOnPurpose = /^console: WebSocket connection to '\S+\/agent\/api\/live' failed: HTTP Authentication/;
    alice.problems.splice(0, alice.problems.length, ...alice.problems.filter((p) => !refusedOnPurpose.test(p)));
    for (const agent of [alice, bob]) assert.deepEqual(agent.problems, [], agent.problems.join("\n"));
    assert.deepEqual([alice.reloads(), bob.reloads()], [0, 0], "no page was reloaded");
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
}
