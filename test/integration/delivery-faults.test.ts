// Braze faults during delivery: each test injects one kind of failure and checks what reaches the customer.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_BINDINGS } from "../bindings";
import {
  fireTimersNow,
  outboxRows,
  setMeta,
  timerDue,
  waitForFirstPart,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { postWebhook, recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

async function ask(user: string, message = "Which payment methods do you accept?") {
  const response = await postWebhook(recommendedBody({ user_id: user, message }));
  expect(response.status).toBe(202);
}

describe("retryable Braze failures", () => {
  it("sends once after a 500 then a 201", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ status: 500 });
    await ask(user);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.requestsFor(user).map((s) => s.delivered)).toEqual([false, true]);
  });

  it("waits for X-RateLimit-Reset after a 429, then sends once", async () => {
    const user = uniqueUser();
    const resetSeconds = Math.ceil(Date.now() / 1000) + 120;
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(resetSeconds) } });
    await ask(user);
    await waitForFirstPart(`ext:${user}`, { attempts: 1 });
    const due = await timerDue(`ext:${user}`, "outbox");
    expect(due).toBeGreaterThanOrEqual(resetSeconds * 1000);
    expect(fakeBraze.sendsTo(user)).toHaveLength(0);

    await fireTimersNow(`ext:${user}`);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("retries a connection refused before Braze got the request, and sends once", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ networkError: "before-receipt" }, { networkError: "before-receipt" });
    await ask(user);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await outboxRows(`ext:${user}`))[0]).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("keeps retrying through an outage longer than the runtime's own alarm retries, then delivers once", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond(...Array.from({ length: 8 }, () => ({ status: 503 })));
    await ask(user);
    await waitForSends(user, 1, 15_000);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await outboxRows(`ext:${user}`))[0]).toMatchObject({ state: "sent", attempts: 9 });
  });
});

describe("the ambiguous case: Braze may have acted but the answer was lost", () => {
  it("resends (the at-least-once policy of docs/delivery.md) and counts the ambiguous attempt", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ networkError: "after-receipt" });
    await ask(user);
    await waitForSends(user, 2);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(2);
    expect((await outboxRows(`ext:${user}`))[0]).toMatchObject({ state: "sent", attempts: 2, ambiguous_attempts: 1 });
  });

  it("treats a timeout the same way", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ delayMs: Number(TEST_BINDINGS.BRAZE_TIMEOUT_MS) + 500 });
    await ask(user);
    await waitForSends(user, 2);
    await waitUntilSettled(`ext:${user}`);
    expect((await outboxRows(`ext:${user}`))[0]).toMatchObject({ state: "sent", ambiguous_attempts: 1 });
  });
});

describe("permanent failures", () => {
  it("parks a part refused with 400 as a dead letter, then delivers it once an operator replays it", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ status: 400, body: { message: "Invalid Campaign ID" } });
    await ask(user);
    await waitForFirstPart(`ext:${user}`, { state: "dead" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakeBraze.requestsFor(user)).toHaveLength(1);

    const admin = { Authorization: `Bearer ${TEST_BINDINGS.ADMIN_TOKEN}` };
    const listed = await exports.default.fetch(new Request(`${WORKER_URL}/admin/dead-letters`, { headers: admin }));
    const list = (await listed.json()) as { conversations: { outbox: Record<string, number> }[] };
    expect(list.conversations.some((c) => c.outbox.dead === 1)).toBe(true);

    const replay = await exports.default.fetch(
      new Request(`${WORKER_URL}/admin/dead-letters/replay`, { method: "POST", headers: admin }),
    );
    expect(replay.status).toBe(200);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("parks a 401 (bad API key) as a dead letter without retrying", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ status: 401, body: { message: "Invalid API key: secret-looking-value" } });
    await ask(user);
    await waitForFirstPart(`ext:${user}`, { state: "dead" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakeBraze.requestsFor(user)).toHaveLength(1);
  });

  it("refuses the admin API without its token", async () => {
    const response = await exports.default.fetch(
      new Request(`${WORKER_URL}/admin/dead-letters/replay`, { method: "POST" }),
    );
    expect(response.status).toBe(401);
  });
});

describe("WhatsApp's 24-hour window", () => {
  it("parks a reply whose customer message is more than 24 hours old instead of sending it", async () => {
    const user = uniqueUser();
    const response = await postWebhook(
      JSON.stringify({
        escaped: true,
        user_id: user,
        message: "Where is my order?",
        sent_at: Math.floor(Date.now() / 1000) - 25 * 3600,
      }),
    );
    expect(response.status).toBe(202);
    await waitForFirstPart(`ext:${user}`, { state: "held" });
    expect(fakeBraze.requestsFor(user)).toHaveLength(0);
  });

  it("parks a reply that an outage delayed past the window", async () => {
    const user = uniqueUser();
    fakeBraze.willRespond({ status: 503 });
    const resetSeconds = Math.ceil(Date.now() / 1000) + 3600;
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(resetSeconds) } });
    await ask(user);
    await waitForFirstPart(`ext:${user}`, { attempts: 2 });
    await setMeta(`ext:${user}`, "last_customer_message_at", Date.now() - 25 * 3600 * 1000);
    await fireTimersNow(`ext:${user}`);
    await waitForFirstPart(`ext:${user}`, { state: "held" });
    expect(fakeBraze.sendsTo(user)).toHaveLength(0);
  });
});
