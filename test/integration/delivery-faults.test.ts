// Braze faults during delivery: each test injects one kind of failure and checks what reaches the customer.
import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { TEST_BINDINGS } from "../bindings";
import {
  conversation,
  fireTimersNow,
  outboxRows,
  setMeta,
  timerDue,
  useConfig,
  waitForFirstPart,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { type BrazeBehaviour, fakeBraze } from "../helpers/fake-braze";
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

describe("a slow Braze: an ambiguous failure waits BRAZE_AMBIGUOUS_RETRY_MS before the resend", () => {
  // Production-like proportions, scaled so that nothing here sleeps: a clean retry is due within seconds, an
  // ambiguous resend not before 8 minutes (10 minutes, jittered -20 %). Timers are then fired by hand.
  const policy = { retryBaseMs: 2_000, retryMaxMs: 60_000, brazeAmbiguousRetryMs: 600_000 };
  const ambiguousWaitAtLeast = 0.8 * policy.brazeAmbiguousRetryMs;
  const cleanRetryAtMost = 1.2 * policy.retryBaseMs;

  async function firstAttemptFailed(user: string, failure: BrazeBehaviour) {
    const name = `ext:${user}`;
    await useConfig(name, policy);
    fakeBraze.willRespond(failure);
    const failedBy = { earliest: Date.now(), latest: 0 };
    await ask(user);
    // A timeout takes BRAZE_TIMEOUT_MS (1 s here) to be noticed: wait longer than the helper's default.
    await waitForFirstPart(name, { state: "pending", attempts: 1 }, 8000);
    failedBy.latest = Date.now();
    return { name, failedBy, due: (await timerDue(name, "outbox")) ?? 0, row: (await outboxRows(name))[0] };
  }

  it.each<[string, BrazeBehaviour]>([
    ["the connection is lost after Braze got the request", { networkError: "after-receipt" }],
    ["Braze answers after the timeout", { delayMs: Number(TEST_BINDINGS.BRAZE_TIMEOUT_MS) + 500 }],
  ])("waits the long delay when %s, then resends once (at-least-once)", async (_case, failure) => {
    const user = uniqueUser();
    const { name, failedBy, due, row } = await firstAttemptFailed(user, failure);
    expect(row).toMatchObject({ ambiguous_attempts: 1 });
    expect(row?.not_before).toBe(due);
    expect(due).toBeGreaterThanOrEqual(failedBy.earliest + ambiguousWaitAtLeast);
    expect(fakeBraze.requestsFor(user)).toHaveLength(1);

    await fireTimersNow(name);
    await waitForSends(user, 2);
    await waitUntilSettled(name);
    expect(fakeBraze.requestsFor(user)).toHaveLength(2);
    expect((await outboxRows(name))[0]).toMatchObject({ state: "sent", attempts: 2, ambiguous_attempts: 1 });
  });

  it("retries a clean 503 after the short backoff, not the ambiguous wait, and sends once", async () => {
    const user = uniqueUser();
    const { name, failedBy, due, row } = await firstAttemptFailed(user, { status: 503 });
    expect(row).toMatchObject({ ambiguous_attempts: 0 });
    expect(due).toBeLessThanOrEqual(failedBy.latest + cleanRetryAtMost);

    await fireTimersNow(name);
    await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect(fakeBraze.requestsFor(user)).toHaveLength(2);
  });

  it("makes a part found 'sending' (the runtime stopped mid-call) wait as if that attempt had timed out", async () => {
    const user = uniqueUser();
    const resetSeconds = Math.ceil(Date.now() / 1000) + 3600;
    const { name } = await firstAttemptFailed(user, {
      status: 429,
      headers: { "X-RateLimit-Reset": `${resetSeconds}` },
    });
    const startedAt = Date.now();
    // As markSending leaves it: "sending" since startedAt; then the alarm fires again with no answer recorded.
    await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
      state.storage.sql.exec("UPDATE outbox SET state = 'sending', not_before = ?", startedAt);
      state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE name = 'outbox'", Date.now());
      await state.storage.setAlarm(Date.now());
    });
    await waitForFirstPart(name, { state: "pending", ambiguous_attempts: 1 });
    const timeoutMs = Number(TEST_BINDINGS.BRAZE_TIMEOUT_MS);
    expect(await timerDue(name, "outbox")).toBeGreaterThanOrEqual(startedAt + timeoutMs + ambiguousWaitAtLeast);
    expect(fakeBraze.requestsFor(user)).toHaveLength(1);

    await fireTimersNow(name);
    await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
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
