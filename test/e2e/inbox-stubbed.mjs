// The real inbox page (served by the Worker) against an in-memory agent API (lib/stub-agent-api.mjs): the
// states the real flow cannot easily reach — a closed 24-hour window with and without the template, a failed
// delivery, hostile text, a lost claim race, a dropped socket, a narrow screen, the keyboard.
import assert from "node:assert/strict";
import { step, until, watchedPage } from "./lib/browser.mjs";
import { attach, createStubStore, summary } from "./lib/stub-agent-api.mjs";

const ALICE = { id: "alice", name: "Alice" };
const BOB = { id: "bob", name: "Bob" };
const HOSTILE = `<img src=x onerror="document.title='pwned'">`;
const idOf = (ch) => ch.repeat(64);
/** The page's one script, a static asset of this Worker (src/inbox/page.ts INBOX_SCRIPT_PATH). */
const INBOX_SCRIPT = "/assets/inbox.js";

async function signedIn(browser, baseUrl, store, agent, options) {
  const watched = await watchedPage(browser, options);
  const requests = [];
  watched.page.on("request", (r) => requests.push(new URL(r.url())));
  await attach(watched.page, store, agent);
  await watched.page.goto(`${baseUrl}/agent`);
  await watched.page.locator("#token").fill(store.token);
  await watched.page.locator("#token").press("Enter");
  await watched.page.locator("#app").waitFor();
  await until(
    "the live socket",
    () => watched.page.locator("#live-text").textContent(),
    (t) => t === "live",
  );
  return { ...watched, requests };
}
const text = (page, selector) => page.locator(selector).textContent();
const open = async (page, id) => {
  await page.locator(`.item[data-id="${id}"]`).click();
  await page.locator("#conv").waitFor();
};

async function signInAndHostileText(browser, baseUrl, store) {
  const watched = await watchedPage(browser);
  const { page } = watched;
  await attach(page, store, ALICE);
  await page.goto(`${baseUrl}/agent`);
  await page.locator("#signin").waitFor();
  await page.locator("#token").fill("wrong-token");
  await page.locator("#token").press("Enter");
  await until(
    "the refusal",
    () => text(page, "#signin-error"),
    (t) => t.includes("not accepted"),
  );
  step("stub: a wrong token is refused and the sign-in form stays");
  await page.locator("#token").fill(store.token);
  await page.locator("#token").press("Enter");
  await page.locator("#app").waitFor();
  assert.match(await text(page, "#me"), /Signed in as Alice \(with an agent token\)/);
  const storage = await page.evaluate(() => [sessionStorage.length, localStorage.length, location.href]);
  assert.deepEqual(storage.slice(0, 2), [1, 0], "the token lives in sessionStorage only");
  assert.ok(!storage[2].includes(store.token), "the token is not in the URL");
  step("stub: the right token signs in; kept in sessionStorage, never in localStorage or the URL");

  store.add(summary({ id: idOf("e"), customerName: `${HOSTILE}Eve`, reason: HOSTILE }), []);
  store.message(idOf("e"), { role: "customer", text: `${HOSTILE}<script>document.title='pwned'</script>` });
  store.changed(idOf("e"), "transcript");
  await open(page, idOf("e"));
  assert.equal(await page.locator("#app img, #app script").count(), 0, "no element was made from data");
  assert.ok((await text(page, "#transcript")).includes(HOSTILE), "the text is shown literally");
  assert.notEqual(await page.title(), "pwned");
  step("stub: names, reasons and messages that look like HTML are shown as text, never run");
  return watched;
}

async function liveQueueAndDelivery(alice, store) {
  const { page } = alice;
  await page.waitForTimeout(500); // the fetches after sign-in are done: only a live event can show what follows
  const before = alice.requests.length;
  store.add(summary({ id: idOf("1"), customerName: "Lucía", language: "es" }), []);
  store.message(idOf("1"), { role: "customer", text: "Quiero hablar con una persona" });
  await page.locator(`.item[data-id="${idOf("1")}"]`).waitFor({ timeout: 3000 }); // the slow poll is 15 s
  assert.equal(alice.reloads(), 0);
  assert.ok(alice.requests.length > before);
  step("stub: a new handoff appears in the queue from a live event, without a reload");

  await open(page, idOf("1"));
  assert.match(await text(page, "#conv-window"), /window closes in 5 h 1[23] min/);
  assert.equal(await page.locator("#reply-input").isDisabled(), true, "no reply before the claim");
  await page.locator("#claim").click();
  await until("the reply box", () => page.locator("#reply-input").isEnabled());
  assert.equal(await page.evaluate(() => document.activeElement.id), "reply-input", "the claim focuses the reply");
  await page.keyboard.type("Hola Lucía,");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("te ayudo yo.");
  await page.keyboard.press("Enter");
  const sent = page.locator(".msg.agent").last();
  await until(
    "the queued reply",
    () => sent.textContent(),
    (t) => t.includes("Hola Lucía,\nte ayudo yo."),
  );
  assert.match(await sent.locator(".delivery").textContent(), /Queued for Braze/);
  assert.equal(await page.locator("#reply-input").inputValue(), "");
  step("stub: claim, then Shift+Enter makes a new line and Enter sends; the reply shows as queued");

  await page
    .locator("#transcript .msg")
    .first()
    .evaluate((n) => {
      n.dataset.e2eKept = "1";
    });
  const message = store.conversations.get(idOf("1")).transcript.at(-1);
  for (const [delivery, label] of [
    ["accepted", /Accepted by Braze/],
    ["failed", /Failed/],
  ]) {
    message.delivery = delivery;
    store.changed(idOf("1"), "delivery");
    await until(
      `"${delivery}"`,
      () => sent.locator(".delivery").textContent(),
      (t) => label.test(t),
    );
    assert.doesNotMatch(await page.locator("#app").textContent(), /delivered/i);
  }
  const kept = await page.locator('#transcript .msg[data-e2e-kept="1"]').count();
  assert.equal(kept, 1, "live updates keep the transcript's nodes, so a screen reader hears only what is new");
  step("stub: delivery states follow live events (accepted by Braze, failed); the page never says delivered");
}

async function windowClosed(alice, store) {
  const { page } = alice;
  const id = idOf("2");
  store.add(summary({ id, customerName: "Kenji", language: "ja", windowClosesAt: Date.now() - 60_000 }), []);
  await open(page, id);
  assert.match(await text(page, "#conv-window"), /cannot be reached until they write again/);
  store.templateConfigured = true;
  store.changed(id, "queue");
  await until(
    "the template sentence",
    () => text(page, "#conv-window"),
    (t) => /re-engagement template/.test(t),
  );
  assert.match(await text(page, "#conv-window"), /your text is sent when they reply/);
  await page.locator("#claim").click();
  await until("the reply box", () => page.locator("#reply-input").isEnabled());
  await page.locator(".skip").focus();
  await page.keyboard.press("Enter"); // "Skip to the reply box" must not lose the open conversation
  assert.equal(await page.locator("#conv").isVisible(), true);
  assert.equal(await page.locator("#reply-input").isEnabled(), true);
  await page.locator("#reply-input").fill("We found your parcel.");
  await page.locator("#send").click();
  await until(
    "the held reply",
    () => page.locator(".msg.agent .delivery").last().textContent(),
    (t) => /Held/.test(t),
  );
  step("stub: past the 24-hour window the page says what happens (with and without the template); a reply is held");
}

async function takenAndRace(browser, baseUrl, alice, store) {
  const bob = await signedIn(browser, baseUrl, store, BOB);
  const item = bob.page.locator(`.item[data-id="${idOf("1")}"]`);
  assert.match(await item.textContent(), /Taken by Alice/);
  await open(bob.page, idOf("1"));
  assert.equal(await bob.page.locator("#reply-input").isDisabled(), true);
  assert.equal(await bob.page.locator("#release").isDisabled(), true);
  assert.equal(await bob.page.locator("#close").isDisabled(), true);
  assert.match(await text(bob.page, "#conv-status"), /Taken by Alice/);
  step("stub: another agent sees the claimed conversation as taken by Alice and cannot reply, release or close");

  const id = idOf("3");
  store.add(summary({ id, customerName: "Priya" }), []);
  await open(bob.page, id);
  await open(alice.page, id);
  Object.assign(store.conversations.get(id).summary, { status: "agent", claimedBy: ALICE }); // no event yet
  await bob.page.locator("#claim").click();
  await until(
    "the lost race",
    () => text(bob.page, "#notice"),
    (t) => /claimed it first/.test(t),
  );
  await until(
    "the new owner",
    () => text(bob.page, "#conv-status"),
    (t) => /Taken by Alice/.test(t),
  );
  step("stub: the agent who loses a claim race is told and sees who won");
  return bob;
}

async function reconnects(alice, store) {
  const { page } = alice;
  const before = store.opened.count;
  store.dropSockets();
  store.add(summary({ id: idOf("4"), customerName: "Sam" }), []); // no socket: nobody hears of it
  await until(
    "a new socket",
    () => store.opened.count,
    (n) => n > before,
    5000,
  );
  await until(
    "the live state",
    () => text(page, "#live-text"),
    (t) => t === "live",
    5000,
  );
  await page.locator(`.item[data-id="${idOf("4")}"]`).waitFor({ timeout: 3000 });
  assert.equal(alice.reloads(), 0);
  step("stub: after the socket drops the page reconnects by itself and fetches what it missed");
}

async function narrowAndKeyboard(browser, baseUrl, store) {
  const id = idOf("5");
  store.add(summary({ id, customerName: "Jordan" }), []);
  for (let i = 0; i < 30; i++) store.message(id, { role: i % 2 ? "assistant" : "customer", text: `message ${i}` });
  const narrow = await signedIn(browser, baseUrl, store, ALICE, { viewport: { width: 390, height: 800 } });
  const { page } = narrow;
  assert.equal(await page.locator(".queue").isVisible(), true);
  await page.locator(`.item[data-id="${id}"]`).focus();
  await page.keyboard.press("Enter");
  await page.locator("#conv").waitFor();
  assert.equal(await page.locator(".queue").isVisible(), false, "one pane at a time on a phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
  const composer = await page.locator("#composer").boundingBox();
  assert.ok(composer && composer.y + composer.height <= 800, "the reply box is on screen; the transcript scrolls");
  await page.locator("#back").press("Enter");
  await page.locator(".queue").waitFor();
  assert.match(page.url(), /\/agent$/);
  step("stub: at 390 px one pane at a time, no sideways scroll; queue items and Back work from the keyboard");
  return narrow;
}

export async function checkInboxWithStubbedApi(browser, baseUrl) {
  const store = createStubStore({ token: "stub-token-e2e" });
  const pages = [];
  try {
    const first = await signInAndHostileText(browser, baseUrl, store);
    pages.push(first);
    const alice = await signedIn(browser, baseUrl, store, ALICE);
    pages.push(alice);
    await liveQueueAndDelivery(alice, store);
    await windowClosed(alice, store);
    pages.push(await takenAndRace(browser, baseUrl, alice, store));
    await reconnects(alice, store);
    pages.push(await narrowAndKeyboard(browser, baseUrl, store));
    for (const url of pages.flatMap((p) => p.requests ?? [])) {
      const ownScript = url.pathname === INBOX_SCRIPT && url.origin === new URL(baseUrl).origin;
      assert.ok(
        url.pathname === "/agent" || ownScript || url.pathname.startsWith("/agent/api/"),
        `unexpected fetch ${url}`,
      );
    }
    assert.match(alice.page.url(), /\/agent#c=[0-9a-f]{64}$/, "only the opaque id is in the URL");
    step("stub: the page loaded its own script and called nothing but the agent API; the URL holds only an opaque id");
    for (const p of pages) assert.deepEqual(p.problems, [], p.problems.join("\n"));
  } finally {
    for (const p of pages) await p.context.close();
  }
}
