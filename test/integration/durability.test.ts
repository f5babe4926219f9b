// Replays, model failures, eviction, aborts and concurrency: exactly one reply per message, in order.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { ChatModel } from "../../src/ai/model";
import { ModelError } from "../../src/ai/model";
import type { Conversation } from "../../src/conversation/conversation";
import {
  conversation,
  echoModel,
  fireTimersNow,
  outboxRows,
  useModel,
  waitForFirstPart,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { guideBody, postWebhook, recommendedBody, uniqueUser } from "../helpers/webhook";

describe("replayed webhooks", () => {
  it("answers a replay of the recommended body 200 duplicate and processes it once", async () => {
    const user = uniqueUser();
    const body = recommendedBody({ user_id: user, message: "Do you ship to Switzerland?", message_id: "dispatch-abc" });
    const first = await postWebhook(body);
    const replays = await Promise.all([postWebhook(body), postWebhook(body)]);
    expect(first.status).toBe(202);
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(await replay.json()).toMatchObject({ status: "duplicate" });
    }
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("recognises a replay of the guide's body, which has no message id", async () => {
    const user = uniqueUser();
    // Over 24 characters: shorter texts are never deduped without a message id (docs/delivery.md "Replays").
    const body = guideBody({ user_id: user, phone_number: "+14155550102", message: "what are your opening hours?" });
    expect((await postWebhook(body)).status).toBe(202);
    expect((await postWebhook(body)).status).toBe(200);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });
});

function failingModel(failures: number): ChatModel & { calls: number } {
  const echo = echoModel();
  const model = {
    name: "flaky",
    calls: 0,
    async decide(...args: Parameters<ChatModel["decide"]>) {
      model.calls++;
      if (model.calls <= failures) throw new ModelError("model unavailable");
      return echo.decide(...args);
    },
  };
  return model;
}

describe("model failures", () => {
  it("retries the turn after the model fails, and loses nothing", async () => {
    const user = uniqueUser();
    const model = failingModel(3);
    await useModel(`ext:${user}`, model);
    await postWebhook(recommendedBody({ user_id: user, message: "token-m1" }));
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(model.calls).toBe(4);
    expect(send?.text).toBe("echo: token-m1");
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });
});

describe("eviction and aborts between store and reply", () => {
  it("still replies exactly once after the object is evicted with the message stored but unanswered", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useModel(name, failingModel(Number.POSITIVE_INFINITY));
    await postWebhook(recommendedBody({ user_id: user, message: "How do I return an item?" }));
    await vi.waitFor(async () =>
      expect((await conversation(name).status()).timers.find((t) => t.name === "turn")?.attempt).toBeGreaterThanOrEqual(
        1,
      ),
    );

    // Park the retry far ahead so the object is idle (eviction waits for in-flight work), then evict it.
    await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
      state.storage.sql.exec("UPDATE timers SET due_at = ?", Date.now() + 3_600_000);
      await state.storage.setAlarm(Date.now() + 3_600_000);
    });
    await evictDurableObject(conversation(name));
    expect(fakeBraze.requestsFor(user)).toHaveLength(0);
    await fireTimersNow(name); // a fresh instance, with the real offline model, picks the stored message up
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect(send?.text).toContain("Return items");
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("still replies exactly once after the object is aborted in the middle of its alarm", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    let aborted = false;
    await runInDurableObject(conversation(name), (instance: Conversation, state) => {
      instance.deps = {
        ...instance.deps,
        model: {
          name: "aborting",
          async decide() {
            aborted = true;
            state.abort("test: runtime killed mid-turn");
            throw new Error("unreachable");
          },
        },
      };
    });
    await postWebhook(recommendedBody({ user_id: user, message: "Can I pay with PayPal?" }));
    await vi.waitFor(() => expect(aborted).toBe(true));
    const [send] = await waitForSends(user, 1, 15_000);
    await waitUntilSettled(name);
    expect(send?.text).toContain("PayPal");
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("resends a part found in 'sending' after a crash mid-call (the ambiguous case), once", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const oneHourLater = Math.ceil(Date.now() / 1000) + 3600;
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(oneHourLater) } });
    await postWebhook(recommendedBody({ user_id: user, message: "Do you have stores?" }));
    await waitForFirstPart(name, { attempts: 1 });
    // Simulate the runtime dying right after marking the part "sending", its timer lost with the alarm.
    await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
      state.storage.sql.exec("UPDATE outbox SET state = 'sending', not_before = 0");
      state.storage.sql.exec("DELETE FROM timers WHERE name = 'outbox'");
      await state.storage.deleteAlarm();
    });
    await evictDurableObject(conversation(name));
    await conversation(name).status(); // wakes the object; its constructor rebuilds the timer from the outbox
    await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect((await outboxRows(name))[0]).toMatchObject({ state: "sent", ambiguous_attempts: 1 });
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });
});

describe("concurrency", () => {
  it("processes 20 concurrent webhooks for one customer in arrival order, each answered exactly once", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useModel(name, echoModel());
    const tokens = Array.from({ length: 20 }, (_, i) => `tok${String(i).padStart(2, "0")}`);
    const responses = await Promise.all(tokens.map((t) => postWebhook(recommendedBody({ user_id: user, message: t }))));
    expect(responses.map((r) => r.status)).toEqual(tokens.map(() => 202));
    await vi.waitFor(async () => expect((await conversation(name).status()).pendingInbound).toBe(0), { timeout: 8000 });
    await waitUntilSettled(name);

    const arrival = await runInDurableObject(conversation(name), (_i: Conversation, state) =>
      state.storage.sql
        .exec<{ text: string }>("SELECT text FROM inbound ORDER BY seq")
        .toArray()
        .map((r) => r.text),
    );
    const answered = fakeBraze.sendsTo(user).flatMap((s) => s.text.replace(/^echo: /, "").split(" | "));
    expect(arrival.sort()).toEqual([...tokens].sort());
    expect(answered).toEqual(
      await runInDurableObject(conversation(name), (_i: Conversation, state) =>
        state.storage.sql
          .exec<{ text: string }>("SELECT text FROM inbound ORDER BY seq")
          .toArray()
          .map((r) => r.text),
      ),
    );
    expect(new Set(answered).size).toBe(20);
  });
});
