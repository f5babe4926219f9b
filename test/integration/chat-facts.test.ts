// Chat facts on the Braze profile: computed at each turn commit, only changed values, absolute counters; the
// attributes ride on the reply's own trigger/send (never written twice), events go through /users/track, the
// configuration decides what is written, and no profile trouble delays or loses a reply.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config";
import type { Conversation } from "../../src/conversation/conversation";
import { phoneConversationName } from "../../src/conversation/naming";
import { RIDE_WAIT_MS } from "../../src/conversation/profile-ride";
import { TEXTS } from "../../src/i18n/texts";
import type { TurnAction } from "../../src/pipeline/types";
import { conversation, fireTimersNow, say, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { ALL_CHAT_FACTS, type Script, useScript } from "../helpers/scripted";
import { postWebhook, recommendedBody, uniquePhone, uniqueUser } from "../helpers/webhook";

const today = () => `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;

/** Answers every message with a reply whose facts name the message's text as the topic. */
function topicScript(profile: Config["profile"] = ALL_CHAT_FACTS, extra: TurnAction[] = []): Script {
  return {
    answer: (last) => [
      {
        type: "reply",
        text: `about ${last.text}`,
        format: "plain",
        facts: { topic: last.text, confidence: 0.9, sources: [] },
      },
      ...extra,
    ],
    config: () => ({ profile }),
  };
}

async function profileSettled(name: string): Promise<void> {
  await vi.waitFor(async () => {
    const { profileUpdates } = await conversation(name).status();
    expect(profileUpdates.pending ?? 0).toBe(0);
  });
}

describe("chat facts ride on the reply", () => {
  it("sends the turn's attributes in the reply's trigger/send, the event through /users/track, nothing twice", async () => {
    const user = uniqueUser();
    await useScript(`ext:${user}`, topicScript());
    await say(user, "orders");
    const [send] = await waitForSends(user, 1);
    expect(send?.attributes).toEqual({
      ai_last_topic: "orders",
      ai_language: "en",
      ai_last_contact_at: today(),
      ai_turns: 1,
      ai_resolved: true,
    });
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    await profileSettled(`ext:${user}`);
    const [write] = fakeBraze.profileWritesFor(user);
    expect(write?.attributes).toBeUndefined();
    expect(write?.events).toMatchObject([
      { name: "ai_chat_turn", properties: { topic: "orders", language: "en", resolved: true } },
    ]);
  });

  it("carries only what changed: the counter as an absolute number, the topic only when it changes", async () => {
    const user = uniqueUser();
    await useScript(`ext:${user}`, topicScript());
    await say(user, "orders");
    await waitForSends(user, 1);
    await say(user, "orders");
    await waitForSends(user, 2);
    await say(user, "returns");
    await waitForSends(user, 3);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user).map((s) => s.attributes)).toEqual([
      expect.objectContaining({ ai_turns: 1, ai_last_topic: "orders" }),
      { ai_turns: 2 },
      { ai_turns: 3, ai_last_topic: "returns" },
    ]);
  });

  it("keeps the turn count across an eviction (kept in the conversation, never Braze's inc)", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useScript(name, topicScript());
    await say(user, "one");
    await waitForSends(user, 1);
    await say(user, "two");
    await waitForSends(user, 2);
    await waitUntilSettled(name);
    await evictDurableObject(conversation(name));
    await useScript(name, topicScript());
    await say(user, "three");
    await waitForSends(user, 3);
    expect(fakeBraze.sendsTo(user).at(-1)?.attributes).toMatchObject({ ai_turns: 3 });
  });

  it("marks a turn that ended in a handoff or the catalog's can't-answer as not resolved", async () => {
    const user = uniqueUser();
    let unresolved = false;
    await useScript(`ext:${user}`, {
      answer: (_last, language) =>
        unresolved
          ? [{ type: "catalog_reply", key: "clarify", language }]
          : [{ type: "reply", text: "sure", format: "plain" }],
      config: () => ({ profile: ALL_CHAT_FACTS }),
    });
    await say(user, "easy");
    await waitForSends(user, 1);
    unresolved = true;
    await say(user, "hard");
    const sends = await waitForSends(user, 2);
    expect(sends[0]?.attributes).toMatchObject({ ai_resolved: true });
    expect(sends[1]?.text).toBe(TEXTS.clarify.en);
    expect(sends[1]?.attributes).toEqual({ ai_resolved: false, ai_turns: 2 });
  });
});

describe("what is written is configuration", () => {
  it("writes only the PROFILE_ATTRIBUTES subset and no event when PROFILE_EVENTS is empty", async () => {
    const user = uniqueUser();
    const profile = { attributes: new Set(["ai_language"] as const), events: new Set<never>() };
    await useScript(`ext:${user}`, topicScript(profile));
    await say(user, "orders", "fr");
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    await profileSettled(`ext:${user}`);
    expect(send?.attributes).toEqual({ ai_language: "fr" });
    expect(fakeBraze.calls.filter((c) => c.path === "/users/track" && JSON.stringify(c.body).includes(user))).toEqual(
      [],
    );
  });

  it("drops a switched-off fact or event even when a flow asks for it, and passes the operator's own names", async () => {
    const user = uniqueUser();
    const profile = { attributes: new Set<never>(), events: new Set<never>() };
    const flowUpdate: TurnAction = {
      type: "update_profile",
      attributes: { ai_last_topic: "lead", lead_interest: "Buying" },
      events: [{ name: "ai_flow_completed", properties: { flow: "lead" } }, { name: "lead_submitted" }],
    };
    await useScript(`ext:${user}`, topicScript(profile, [flowUpdate]));
    await say(user, "lead form");
    const [send] = await waitForSends(user, 1);
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    await profileSettled(`ext:${user}`);
    expect(send?.attributes).toEqual({ lead_interest: "Buying" });
    expect(fakeBraze.profileWritesFor(user).flatMap((w) => w.events.map((e) => e.name))).toEqual(["lead_submitted"]);
  });
});

describe("a profile update never holds up a reply", () => {
  it("a failing /users/track delays neither the reply nor its attributes; the events are retried until written", async () => {
    const user = uniqueUser();
    fakeBraze.willRespondOn("/users/track", { status: 503 }, { status: 500 });
    await useScript(`ext:${user}`, topicScript());
    await say(user, "orders");
    const [send] = await waitForSends(user, 1);
    expect(send?.attributes).toMatchObject({ ai_turns: 1 });
    for (let i = 0; i < 3 && !fakeBraze.profileWritesFor(user).some((w) => w.delivered); i++) {
      await fireTimersNow(`ext:${user}`);
      await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user).length).toBeGreaterThanOrEqual(i + 1));
    }
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user).some((w) => w.delivered)).toBe(true));
    expect(fakeBraze.profileWritesFor(user).map((w) => w.delivered)).toEqual([false, false, true]);
    expect(fakeBraze.profileWritesFor(user).every((w) => w.attributes === undefined)).toBe(true);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("a 400 on the send with attributes: the reply goes again at once without them (one message), the attributes via /users/track", async () => {
    const user = uniqueUser();
    fakeBraze.willRespondOn("/campaigns/trigger/send", { status: 400, body: { message: "Invalid attributes" } });
    await useScript(`ext:${user}`, topicScript());
    await say(user, "orders");
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    const requests = fakeBraze.requestsFor(user);
    expect(requests.map((r) => [r.delivered, r.attributes === undefined])).toEqual([
      [false, false],
      [true, true],
    ]);
    await vi.waitFor(() =>
      expect(fakeBraze.profileWritesFor(user).find((w) => w.attributes)?.attributes).toMatchObject({ ai_turns: 1 }),
    );
    await profileSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("a reply held in retries keeps the attributes at most RIDE_WAIT_MS; then /users/track writes them and the reply goes without", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const resetSeconds = Math.ceil(Date.now() / 1000) + 3600;
    fakeBraze.willRespondOn("/campaigns/trigger/send", {
      status: 429,
      headers: { "X-RateLimit-Reset": String(resetSeconds) },
    });
    await useScript(name, topicScript({ attributes: ALL_CHAT_FACTS.attributes, events: new Set() }));
    await say(user, "orders");
    await vi.waitFor(() => expect(fakeBraze.requestsFor(user)).toHaveLength(1));
    expect(fakeBraze.requestsFor(user)[0]?.attributes).toMatchObject({ ai_turns: 1 });
    await vi.waitFor(async () => expect((await conversation(name).status()).outbox).toEqual({ pending: 1 }));
    expect(fakeBraze.profileWritesFor(user)).toEqual([]); // waiting for the reply, which waits for the rate limit
    // Age the pending attributes past the ride window (the reply still waits an hour), then run the profile lane.
    await runInDurableObject(conversation(name), async (_i: Conversation, state) => {
      state.storage.sql.exec("UPDATE profile_updates SET created_at = created_at - ?", RIDE_WAIT_MS + 1000);
      state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE name = 'profile'", Date.now());
      await state.storage.setAlarm(Date.now());
    });
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    expect(fakeBraze.profileWritesFor(user)[0]?.attributes).toMatchObject({ ai_turns: 1, ai_last_topic: "orders" });
    await fireTimersNow(name);
    await waitForSends(user, 1);
    expect(fakeBraze.sendsTo(user)[0]?.attributes).toBeUndefined();
  });

  it("writes through /users/track when there is no reply to ride on, or the customer has only a phone alias", async () => {
    const user = uniqueUser();
    await useScript(`ext:${user}`, {
      answer: () => [{ type: "update_profile", attributes: { lead_interest: "Press" } }],
    });
    await say(user, "no reply for this one");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user)).toHaveLength(1));
    expect(fakeBraze.profileWritesFor(user)[0]?.attributes).toEqual({ lead_interest: "Press" });

    const phone = uniquePhone();
    await useScript(phoneConversationName(phone) ?? "", topicScript());
    expect((await postWebhook(recommendedBody({ phone_number: phone, message: "orders" }))).status).toBe(202);
    const aliasOf = (c: (typeof fakeBraze.calls)[number]) => JSON.stringify(c.body).includes(phone);
    await vi.waitFor(() =>
      expect(fakeBraze.calls.filter((c) => c.path === "/users/track" && aliasOf(c) && c.delivered).length).toBe(1),
    );
    const send = fakeBraze.calls.find((c) => c.path === "/campaigns/trigger/send" && aliasOf(c));
    expect(((send?.body.recipients ?? []) as Record<string, unknown>[])[0]?.attributes).toBeUndefined();
    const track = fakeBraze.calls.find((c) => c.path === "/users/track" && aliasOf(c));
    expect(((track?.body.attributes ?? []) as Record<string, unknown>[])[0]).toMatchObject({
      user_alias: { alias_label: "phone", alias_name: phone },
      ai_turns: 1,
    });
  });
});
