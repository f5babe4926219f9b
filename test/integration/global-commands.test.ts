// STOP, START and RESET through the real Worker: confirmations in the customer's language, the Braze
// subscription change after (STOP) or before (START) the confirmation, silence in between, no model call.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import type { Language } from "../../src/i18n/languages";
import { TEXTS } from "../../src/i18n/texts";
import { conversation, echoModel, say, useModel, waitForTimeline, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

const STOP_IN_EACH_LANGUAGE: [Language, string, string][] = [
  ["en", "STOP", "START"],
  ["es", "Baja", "ALTA"],
  ["pt", "parar", "iniciar"],
  ["fr", "Arrêt !", "start"],
  ["ko", "수신거부", "시작"],
  ["ja", "配信停止", "再開"],
];

describe("STOP and START", () => {
  it.each(STOP_IN_EACH_LANGUAGE)(
    "in %s: STOP confirms once then unsubscribes, stays silent without the model, and START re-subscribes then confirms",
    async (language, stop, start) => {
      const user = uniqueUser(`stop-${language}`);
      const model = echoModel();
      await useModel(`ext:${user}`, model);

      await say(user, stop, language);
      expect(await waitForTimeline(user, 2, { settled: true })).toEqual([
        `send: ${TEXTS.stopConfirmed[language]}`,
        "subscription: unsubscribed",
      ]);

      await say(user, "where is my order?", language);
      await waitUntilSettled(`ext:${user}`);
      expect(fakeBraze.timelineFor(user)).toHaveLength(2);

      await say(user, start, language);
      expect((await waitForTimeline(user, 4, { settled: true })).slice(2)).toEqual([
        "subscription: subscribed",
        `send: ${TEXTS.startConfirmed[language]}`,
      ]);
      expect(model.inputs).toHaveLength(0);

      await say(user, "token-after-start", language);
      expect((await waitForTimeline(user, 5, { settled: true }))[4]).toBe("send: echo: token-after-start");
      expect(model.inputs).toHaveLength(1);
    },
  );

  it("confirms in the keyword's own language when the profile gives none", async () => {
    const user = uniqueUser();
    await useModel(`ext:${user}`, echoModel());
    await say(user, "配信停止");
    expect((await waitForTimeline(user, 1, { settled: true }))[0]).toBe(`send: ${TEXTS.stopConfirmed.ja}`);
  });

  it("confirms a second STOP never: one notice, one unsubscribe", async () => {
    const user = uniqueUser();
    await say(user, "STOP");
    await waitForTimeline(user, 2, { settled: true });
    await say(user, "stop");
    await say(user, "STOP!!");
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.timelineFor(user)).toEqual([`send: ${TEXTS.stopConfirmed.en}`, "subscription: unsubscribed"]);
  });

  it("cancels a reply still waiting to be sent, and the question sent just before STOP is never answered", async () => {
    const user = uniqueUser();
    await useModel(`ext:${user}`, echoModel());
    // Braze rate-limits the reply for a minute: it waits in the outbox when STOP arrives.
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 60) } });
    await say(user, "token-before-stop");
    await vi.waitFor(() => expect(fakeBraze.requestsFor(user)).toHaveLength(1));
    await say(user, "STOP");
    expect(await waitForTimeline(user, 2, { settled: true })).toEqual([
      `send: ${TEXTS.stopConfirmed.en}`,
      "subscription: unsubscribed",
    ]);
    const states = await runInDurableObject(conversation(`ext:${user}`), (_i: Conversation, state) =>
      state.storage.sql.exec<{ kind: string; state: string }>("SELECT kind, state FROM outbox ORDER BY id").toArray(),
    );
    expect(states).toEqual([
      { kind: "bot_reply", state: "cancelled" },
      { kind: "compliance_notice", state: "sent" },
      { kind: "subscription_change", state: "sent" },
    ]);
  });

  it("drops the rest of a burst that ends in STOP", async () => {
    const user = uniqueUser();
    const model = echoModel();
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      instance.deps = { ...instance.deps, model, config: { ...instance.deps.config, replyDebounceMs: 2000 } };
    });
    await say(user, "token-question");
    await say(user, "stop");
    expect(await waitForTimeline(user, 2, { settled: true })).toEqual([
      `send: ${TEXTS.stopConfirmed.en}`,
      "subscription: unsubscribed",
    ]);
    expect(model.inputs).toHaveLength(0);
  });

  it("keeps the opt-out across an eviction", async () => {
    const user = uniqueUser();
    await say(user, "STOP");
    await waitForTimeline(user, 2, { settled: true });
    await evictDurableObject(conversation(`ext:${user}`));
    await say(user, "hello?");
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.timelineFor(user)).toHaveLength(2);
  });
});

describe("RESET", () => {
  it("clears the context the model sees and confirms, without reaching the model", async () => {
    const user = uniqueUser();
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    await say(user, "token-one");
    await waitForTimeline(user, 1, { settled: true });
    await say(user, "token-two");
    await waitForTimeline(user, 2, { settled: true });
    expect(model.inputs[1]?.history.map((h) => h.text)).toContain("token-one");

    await say(user, "Reset");
    expect((await waitForTimeline(user, 3, { settled: true }))[2]).toBe(`send: ${TEXTS.resetConfirmed.en}`);
    expect(model.inputs).toHaveLength(2);

    await say(user, "token-three");
    await waitForTimeline(user, 4, { settled: true });
    expect(model.inputs[2]?.history).toEqual([]);
    expect(model.inputs[2]?.messages).toEqual(["token-three"]);
  });
});
