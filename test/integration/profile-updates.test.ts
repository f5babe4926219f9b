// The profile-update lane: custom attributes and events reach Braze /users/track apart from the outbox, only
// when changed, within Braze's limits, and a failing /users/track neither delays nor drops a reply.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { BRAZE_MAX_OBJECTS_PER_TRACK, BRAZE_MAX_STRING } from "../../src/conversation/profile-updates";
import type { Stage, TurnAction } from "../../src/pipeline/types";
import { conversation, fireTimersNow, say, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

/**
 * A stage that asks for the profile update the test gives it and answers "ok" (with `reply: false`, nothing:
 * attributes then have no reply to ride on and go through /users/track, the lane under test here).
 */
async function answerWithProfileUpdate(
  user: string,
  update: (text: string) => TurnAction,
  options: { reply: boolean } = { reply: true },
): Promise<void> {
  const stage: Stage = {
    name: "test-profile",
    run: (turn) => ({
      kind: "stop",
      actions: [
        { type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "answered" },
        update(turn.messages.at(-1)?.text ?? ""),
        ...(options.reply ? [{ type: "reply", text: "ok", format: "plain" } as const] : []),
      ],
    }),
  };
  await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
    instance.deps = { ...instance.deps, stages: [stage], config: { ...instance.deps.config, sendSpacingMs: 0 } };
  });
}

describe("profile updates", () => {
  it("writes attributes and events once, only what changed, with absolute values", async () => {
    const user = uniqueUser();
    await answerWithProfileUpdate(
      user,
      (text) => ({
        type: "update_profile",
        attributes: { order_topic: text, preferred_language: "en" },
        events: [{ name: "order_question", properties: { topic: text } }],
      }),
      { reply: false },
    );
    await say(user, "orders");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    await say(user, "returns");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(2));

    const [first, second] = fakeBraze.profileWritesFor(user);
    expect(first?.attributes).toEqual({ order_topic: "orders", preferred_language: "en" });
    expect(second?.attributes).toEqual({ order_topic: "returns" }); // preferred_language unchanged: not billed again
    expect(second?.events).toMatchObject([{ name: "order_question", properties: { topic: "returns" } }]);
  });

  it("lets attributes ride on the reply's trigger/send instead, and sends the events alone", async () => {
    const user = uniqueUser();
    await answerWithProfileUpdate(user, (text) => ({
      type: "update_profile",
      attributes: { order_topic: text },
      events: [{ name: "order_question" }],
    }));
    await say(user, "orders");
    expect((await waitForSends(user, 1))[0]?.attributes).toEqual({ order_topic: "orders" });
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    await vi.waitFor(async () =>
      expect((await conversation(`ext:${user}`).status()).profileUpdates).toEqual({ sent: 2 }),
    );
    expect(fakeBraze.profileWritesFor(user)[0]).toMatchObject({
      attributes: undefined,
      events: [{ name: "order_question" }],
    });
  });

  it("cuts long strings to Braze's 255 characters and drops keys Braze would reject", async () => {
    const user = uniqueUser();
    await answerWithProfileUpdate(
      user,
      () => ({
        type: "update_profile",
        attributes: { ai_note: "é".repeat(400), "bad.key": "x", $bad: "y", "has space": "z" },
      }),
      { reply: false },
    );
    await say(user, "hello");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    const written = fakeBraze.profileWritesFor(user)[0]?.attributes ?? {};
    expect(Object.keys(written)).toEqual(["ai_note"]);
    expect((written.ai_note as string).length).toBe(BRAZE_MAX_STRING);
  });

  it("splits 80 events into /users/track requests of at most 75 objects, losing none", async () => {
    const user = uniqueUser();
    const events = Array.from({ length: 80 }, (_, i) => ({ name: "step_done", properties: { n: i } }));
    await answerWithProfileUpdate(user, () => ({ type: "update_profile", attributes: { order_topic: "x" }, events }), {
      reply: false,
    });
    await say(user, "many");
    await vi.waitFor(async () =>
      expect((await conversation(`ext:${user}`).status()).profileUpdates).toEqual({ sent: 3 }),
    );
    const writes = fakeBraze.profileWritesFor(user);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const w of writes)
      expect(w.events.length + (w.attributes ? 1 : 0)).toBeLessThanOrEqual(BRAZE_MAX_OBJECTS_PER_TRACK);
    expect(writes.flatMap((w) => w.events.map((e) => (e.properties as { n: number }).n))).toEqual(
      events.map((_, i) => i),
    );
  });

  it("a failing /users/track does not delay or drop the reply, and is retried until it succeeds", async () => {
    const user = uniqueUser();
    // An event: attributes would ride on the reply and never touch /users/track.
    await answerWithProfileUpdate(user, () => ({ type: "update_profile", events: [{ name: "order_question" }] }));
    fakeBraze.willRespondOn("/users/track", { status: 503 }, { status: 500 });
    await say(user, "hello");
    expect((await waitForSends(user, 1))[0]?.text).toBe("ok");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user).length).toBeGreaterThanOrEqual(1));
    for (let i = 0; i < 3 && !fakeBraze.profileWritesFor(user).some((w) => w.delivered); i++) {
      await fireTimersNow(`ext:${user}`);
      await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user).length).toBeGreaterThanOrEqual(i + 2));
    }
    const writes = fakeBraze.profileWritesFor(user);
    expect(writes.map((w) => w.delivered)).toEqual([false, false, true]);
    expect(writes.at(-1)?.events).toMatchObject([{ name: "order_question" }]);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("a permanently rejected update is kept as dead and the same value is sent again when next asked", async () => {
    const user = uniqueUser();
    await answerWithProfileUpdate(user, () => ({ type: "update_profile", attributes: { ai_tier_seen: "gold" } }), {
      reply: false,
    });
    fakeBraze.willRespondOn("/users/track", { status: 400 });
    await say(user, "one");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    await vi.waitFor(async () =>
      expect((await conversation(`ext:${user}`).status()).profileUpdates).toEqual({ dead: 1 }),
    );
    await say(user, "two");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(2));
    expect(fakeBraze.profileWritesFor(user).map((w) => [w.delivered, w.attributes])).toEqual([
      [false, { ai_tier_seen: "gold" }],
      [true, { ai_tier_seen: "gold" }],
    ]);
  });
});
