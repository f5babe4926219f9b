// How a message reaches a flow, or does not: keyword triggers in several languages and a regular expression,
// the per-flow webhook path and its unknown-id fallback, silenced keywords, and STOP / RESET / another
// flow's trigger in the middle of a flow.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { leadForm } from "../../flows/lead-form";
import { orderStatus } from "../../flows/order-status";
import type { Conversation } from "../../src/conversation/conversation";
import { flowPipelineOptions } from "../../src/flows/catalog";
import { TEXTS } from "../../src/i18n/texts";
import { turnPipeline } from "../../src/pipeline/stages";
import { conversation, say, waitForSends, waitForTimeline, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { expireFlowNow, fakeBackend, flowStorage, stepText, useFlows } from "../helpers/flows";
import { postWebhook, recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

afterEach(() => vi.restoreAllMocks());

const QUESTION = stepText(orderStatus, "ask_number");
const LEAD_QUESTION = stepText(leadForm, "interest").en;
const backend = () => fakeBackend(() => Response.json({ status: "shipped", eta: "2026-11-27" }));

describe("keyword triggers", () => {
  it.each([
    ["en", "Order status please", QUESTION.en],
    ["es", "Hola, ¿el ESTADO DEL PEDIDO?", QUESTION.es],
    ["pt", "status do pedido", QUESTION.pt],
    ["fr", "Suivi de commande !", QUESTION.fr],
    ["ko", "주문 조회해 주세요", QUESTION.ko],
    ["ja", "注文状況を教えてください", QUESTION.ja],
    ["en (regular expression)", "can you check my parcel?", QUESTION.en],
  ])("in %s, the trigger starts the order flow in that language", async (_language, message, question) => {
    const user = uniqueUser();
    await useFlows(`ext:${user}`, backend().fetch);
    await say(user, message);
    expect((await waitForSends(user, 1))[0]?.text).toBe(question);
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBe("order-status");
  });

  it("leaves a message that only mentions an order to the assistant", async () => {
    const user = uniqueUser();
    await useFlows(`ext:${user}`, backend().fetch);
    await say(user, "where is my order?");
    await waitForSends(user, 1);
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
  });

  it("is decided by the newest message of a burst", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useFlows(name, backend().fetch);
    await runInDurableObject(conversation(name), (instance: Conversation) => {
      instance.deps = { ...instance.deps, config: { ...instance.deps.config, replyDebounceMs: 400 } };
    });
    await say(user, "order status");
    await say(user, "actually, never mind, how long is delivery?");
    await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect(fakeBraze.sendsTo(user)[0]?.text).not.toBe(QUESTION.en);
    expect((await flowStorage(name)).activeFlow).toBeUndefined();
  });
});

describe("POST /webhooks/whatsapp/<flow-id>", () => {
  it("starts that flow with whatever the message says", async () => {
    const user = uniqueUser();
    await useFlows(`ext:${user}`, backend().fetch);
    const response = await postWebhook(recommendedBody({ user_id: user, message: "hello there" }), {
      path: "/webhooks/whatsapp/order-status",
    });
    expect(response.status).toBe(202);
    expect((await waitForSends(user, 1))[0]?.text).toBe(QUESTION.en);
  });

  it("logs an unknown flow id and answers the message through the normal pipeline with a 2xx", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((line: unknown) => void warnings.push(String(line)));
    const user = uniqueUser();
    const response = await postWebhook(recommendedBody({ user_id: user, message: "order please" }), {
      path: "/webhooks/whatsapp/removed-flow",
    });
    expect(response.status).toBe(202);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
    const logged = warnings.map((w) => JSON.parse(w)).find((w) => w.event === "webhook.unknown_flow");
    expect(logged).toMatchObject({ flow: "removed-flow" });
  });

  it("needs the webhook token and answers 405 to other methods", async () => {
    const body = recommendedBody({ user_id: uniqueUser(), message: "hi" });
    expect((await postWebhook(body, { path: "/webhooks/whatsapp/order-status", token: "wrong" })).status).toBe(401);
    const get = await exports.default.fetch(new Request(`${WORKER_URL}/webhooks/whatsapp/order-status`));
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
  });
});

describe("silenced keywords", () => {
  it("get no reply, even inside a flow, and are stored as silenced", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const fake = backend();
    await runInDurableObject(conversation(name), (instance: Conversation) => {
      const config = { ...instance.deps.config, silentKeywords: ["PROMO", "Black Friday"] };
      const stages = turnPipeline(config, flowPipelineOptions(config, env, { fetch: fake.fetch }));
      instance.deps = { ...instance.deps, config, stages };
    });
    await say(user, "promo!");
    await say(user, "BLACK FRIDAY");
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(0);

    await say(user, "order status");
    await waitForSends(user, 1);
    await say(user, "Promo");
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await flowStorage(name)).row).toMatchObject({ step: "ask_number", attempts: 0 }); // not an answer
    const states = await runInDurableObject(conversation(name), (_i: Conversation, state) =>
      state.storage.sql.exec<{ state: string }>("SELECT state FROM inbound ORDER BY seq").toArray(),
    );
    expect(states.map((s) => s.state)).toEqual(["silenced", "silenced", "answered", "silenced"]);
  });
});

describe("commands and other flows inside a flow", () => {
  it("STOP ends the flow: confirmation and unsubscribe only, and no abandon message later", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useFlows(name, backend().fetch);
    await say(user, "order status");
    await waitForSends(user, 1);
    await say(user, "STOP");
    await waitForTimeline(user, 3, { settled: true });
    expect(await flowStorage(name)).toEqual({ activeFlow: undefined, row: undefined, timer: undefined });
    await expireFlowNow(name);
    await waitUntilSettled(name);
    expect(fakeBraze.timelineFor(user)).toEqual([
      `send: ${QUESTION.en}`,
      `send: ${TEXTS.stopConfirmed.en}`,
      "subscription: unsubscribed",
    ]);
  });

  it("RESET ends the flow and forgets its answers; the next message goes to the assistant", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const fake = backend();
    await useFlows(name, fake.fetch);
    await say(user, "order status");
    await waitForSends(user, 1);
    await say(user, "RESET");
    expect((await waitForSends(user, 2))[1]?.text).toBe(TEXTS.resetConfirmed.en);
    expect(await flowStorage(name)).toEqual({ activeFlow: undefined, row: undefined, timer: undefined });
    await say(user, "A-10023");
    await waitForSends(user, 3);
    await waitUntilSettled(name);
    expect(fake.calls).toHaveLength(0);
  });

  it("another flow's trigger switches flows; the flow's own keyword as an answer does not restart it", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useFlows(name, backend().fetch);
    await say(user, "I'd like to talk to sales");
    expect((await waitForSends(user, 1))[0]?.text).toContain(LEAD_QUESTION);
    await say(user, "Partnership"); // a trigger of this flow, and the answer to its question
    await waitForSends(user, 2);
    expect((await flowStorage(name)).row).toMatchObject({ flow_id: "lead-form", step: "name" });
    await say(user, "order status");
    expect((await waitForSends(user, 3))[2]?.text).toBe(QUESTION.en);
    expect((await flowStorage(name)).row).toMatchObject({ flow_id: "order-status", answers: "{}" });
  });
});
