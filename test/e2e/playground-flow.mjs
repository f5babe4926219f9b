// The local default, as a newcomer uses it after `npm start`: the playground (customer) and the inbox (agent,
// signed in as the demo agent without a credential) in two tabs of one browser, the local Braze sink between
// them. The customer asks for a person in the playground, the agent answers from the inbox, the customer sees it.
import assert from "node:assert/strict";
import { step, until, watchedPage } from "./lib/browser.mjs";

const ARTIFACTS = "test/e2e/artifacts";

async function chat(playground, text) {
  await playground.locator("#input").fill(text);
  await playground.locator("#input").press("Enter");
}
const bubbles = (playground) => playground.locator(".row.in:not(#typing) .bubble").allTextContents();

export async function checkPlaygroundWithInbox({ browser, worker, screenshot }) {
  const customerTab = await watchedPage(browser, { viewport: { width: 1100, height: 800 } });
  const playground = customerTab.page;
  const inbox = await customerTab.context.newPage(); // a second tab of the same browser window
  await inbox.setViewportSize({ width: 1280, height: 800 });
  const inboxProblems = [];
  inbox.on("pageerror", (e) => inboxProblems.push(e.message));
  try {
    await inbox.goto(`${worker.url}/agent`);
    await inbox.locator("#app").waitFor();
    assert.match(await inbox.locator("#me").textContent(), /Signed in as Demo agent \(local demo/);
    await until(
      "the inbox's live socket",
      () => inbox.locator("#live-text").textContent(),
      (t) => t === "live",
    );
    step("local: the inbox signs in as the demo agent by itself");

    await playground.goto(`${worker.url}/playground`);
    await playground.locator("#messages .intro").waitFor();
    await playground.locator("#new-customer").click();
    const name = await playground.locator("#name").inputValue();
    await chat(playground, "human");
    await until(
      "the handoff notice",
      () => bubbles(playground),
      (b) => b.some((t) => t.includes("pass this on")),
    );
    const item = inbox.locator(".item", { hasText: name });
    await item.waitFor({ timeout: 15_000 });
    step(`local: "human" typed in the playground puts ${name} in the inbox queue`);

    await item.click();
    await inbox.locator("#claim").click();
    await until("the reply box", () => inbox.locator("#reply-input").isEnabled());
    const reply = `Hello ${name}, a person here. How can I help?`;
    await inbox.locator("#reply-input").fill(reply);
    await inbox.locator("#reply-input").press("Enter");
    await until(
      "the reply in the playground",
      () => bubbles(playground),
      (b) => b.some((t) => t.includes(reply)),
    );
    const sends = await (await fetch(`${worker.url}/local/braze/sends`)).json();
    const copies = sends.sends.filter(
      (s) =>
        s.path === "/campaigns/trigger/send" && JSON.stringify(s.body).includes(JSON.stringify(reply).slice(1, -1)),
    );
    assert.equal(copies.length, 1, "the local Braze sink recorded the agent's reply once");
    await until(
      "the accepted state",
      () => inbox.locator(".msg.agent .delivery").last().textContent(),
      (t) => /Accepted by Braze/.test(t),
    );
    step("local: the agent's reply shows in the playground, recorded once by the local Braze sink");
    await playground.screenshot({ path: `${ARTIFACTS}/playground-customer-side.png` });
    await inbox.screenshot({ path: screenshot });

    await inbox.locator("#release").click();
    await item.waitFor({ state: "detached", timeout: 10_000 });
    const before = (await bubbles(playground)).length;
    await chat(playground, "What are your opening hours?");
    await until(
      "the bot's answer",
      () => bubbles(playground),
      (b) => b.slice(before).some((t) => /Monday\s*(?:–|-|to)\s*Friday/.test(t)),
    );
    step("local: after the release the bot answers the customer in the playground again");
    assert.deepEqual(customerTab.problems, [], customerTab.problems.join("\n"));
    assert.deepEqual(inboxProblems, [], inboxProblems.join("\n"));
  } finally {
    await customerTab.context.close();
  }
}
