// Agent replies through the same outbox and Braze client as the bot's: the agent campaign, exactly once through
// retries, their real delivery state in the transcript, never to an opted-out customer; the 24-hour window
// (held text, one re-engagement template, released when the customer writes; or held with no template); and
// the hand-back, after which the bot answers with the agent's messages in its context.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { WHATSAPP_WINDOW_MS } from "../../src/conversation/delivery";
import { TEXTS } from "../../src/i18n/texts";
import { act, patchConfig, reply, view, waitForStatus } from "../helpers/agents";
import {
  conversation,
  echoModel,
  fireTimersNow,
  say,
  setMeta,
  useModel,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

const AGENT_CAMPAIGN = "campaign-agent-replies";
const TEMPLATE_CAMPAIGN = "campaign-reengagement-template";

/** A customer who asked for a person and whose conversation Alice claimed; nothing left to deliver. */
async function claimedByAlice(): Promise<{ user: string; name: string }> {
  const user = uniqueUser("reply");
  const name = `ext:${user}`;
  await say(user, "agent");
  await waitForStatus(name, "waiting");
  expect((await act(name, "claim")).status).toBe(200);
  await waitUntilSettled(name);
  return { user, name };
}

const withCampaigns = (templateCampaignId?: string) => (config: Conversation["deps"]["config"]) => ({
  ...config,
  braze: { ...config.braze, agentReplyCampaignId: AGENT_CAMPAIGN, templateCampaignId },
});

async function deliveryOf(name: string, text: string): Promise<string | undefined> {
  return (await view(name)).transcript.find((m) => m.text === text)?.delivery;
}

describe("an agent's reply", () => {
  it("reaches Braze exactly once through the agent campaign, and shows queued then accepted", async () => {
    const { user, name } = await claimedByAlice();
    await patchConfig(name, withCampaigns());
    const before = fakeBraze.sendsTo(user).length;
    const response = await reply(name, "Hi, I'm Alice. Let me check your order.");
    expect(response.status).toBe(202);
    const { message } = (await response.json()) as { message: Record<string, unknown> };
    expect(message).toMatchObject({ role: "agent", agent: { id: "alice" }, delivery: "queued" });

    await waitForSends(user, before + 1);
    await waitUntilSettled(name);
    const sends = fakeBraze.sendsTo(user).slice(before);
    expect(sends).toEqual([
      {
        delivered: true,
        campaignId: AGENT_CAMPAIGN,
        recipient: { external_user_id: user },
        text: "Hi, I'm Alice. Let me check your order.",
      },
    ]);
    expect(await deliveryOf(name, "Hi, I'm Alice. Let me check your order.")).toBe("accepted");
  });

  it("uses the bot's reply campaign when BRAZE_AGENT_REPLY_CAMPAIGN_ID is not set", async () => {
    const { user, name } = await claimedByAlice();
    await reply(name, "Plain campaign reply");
    const sends = await waitForSends(user, 3);
    expect(sends.find((s) => s.text === "Plain campaign reply")?.campaignId).toBe("campaign-reply-1");
  });

  it("is retried after a 5xx and a lost connection, and delivered exactly once", async () => {
    const { user, name } = await claimedByAlice();
    const before = fakeBraze.requestsFor(user).length;
    fakeBraze.willRespond({ status: 503 }, { networkError: "before-receipt" });
    await reply(name, "Your parcel is at the depot.");
    await vi.waitFor(() =>
      expect(fakeBraze.sendsTo(user).some((s) => s.text === "Your parcel is at the depot.")).toBe(true),
    );
    await waitUntilSettled(name);
    expect(
      fakeBraze
        .requestsFor(user)
        .slice(before)
        .map((s) => s.delivered),
    ).toEqual([false, true]);
    expect(fakeBraze.sendsTo(user).filter((s) => s.text === "Your parcel is at the depot.")).toHaveLength(1);
    expect(await deliveryOf(name, "Your parcel is at the depot.")).toBe("accepted");
  });

  it("shows failed when Braze refuses it for good (400), and a 409 is returned for an empty text", async () => {
    const { name } = await claimedByAlice();
    fakeBraze.willRespond({ status: 400, body: { message: "Invalid campaign" } });
    await reply(name, "This one will be refused.");
    await vi.waitFor(async () => expect(await deliveryOf(name, "This one will be refused.")).toBe("failed"));
    const empty = await reply(name, "   ");
    expect(empty.status).toBe(400);
  });

  it("is refused (409 opted_out) once the customer opted out, and a queued one is cancelled by their STOP", async () => {
    const { user, name } = await claimedByAlice();
    // Rate-limited for an hour: the reply waits in the outbox when the customer sends STOP.
    const resetSeconds = Math.ceil(Date.now() / 1000) + 3600;
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(resetSeconds) } });
    await reply(name, "A reply the customer must not get");
    await vi.waitFor(async () => expect((await conversation(name).status()).outbox.pending).toBeGreaterThanOrEqual(1));
    await say(user, "STOP");
    await vi.waitFor(() => expect(fakeBraze.timelineFor(user)).toContain("subscription: unsubscribed"));
    await fireTimersNow(name);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).not.toContain("A reply the customer must not get");
    expect(await deliveryOf(name, "A reply the customer must not get")).toBe("failed");

    const refused = await reply(name, "Another try");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "opted_out" } });
  });
});

describe("the 24-hour window", () => {
  it("holds replies past it, sends one re-engagement template, and releases the held texts when the customer writes", async () => {
    const { user, name } = await claimedByAlice();
    await patchConfig(name, withCampaigns(TEMPLATE_CAMPAIGN));
    await setMeta(name, "last_customer_message_at", Date.now() - WHATSAPP_WINDOW_MS - 60_000);
    const before = fakeBraze.sendsTo(user).length;

    await reply(name, "Held answer one");
    await reply(name, "Held answer two");
    await vi.waitFor(async () => expect(await deliveryOf(name, "Held answer two")).toBe("held"));
    await waitUntilSettled(name);
    const afterHold = fakeBraze.sendsTo(user).slice(before);
    expect(afterHold).toEqual([
      { delivered: true, campaignId: TEMPLATE_CAMPAIGN, recipient: { external_user_id: user }, text: "" },
    ]);
    const held = await view(name);
    expect(held.templateConfigured).toBe(true);
    expect(held.conversation.windowClosesAt).toBeLessThan(Date.now());
    expect(held.transcript.filter((m) => m.delivery === "held").map((m) => m.text)).toEqual([
      "Held answer one",
      "Held answer two",
    ]);

    await say(user, "Hi, I saw your message");
    await waitForSends(user, before + 3);
    await waitUntilSettled(name);
    expect(
      fakeBraze
        .sendsTo(user)
        .slice(before)
        .map((s) => s.text),
    ).toEqual(["", "Held answer one", "Held answer two"]);
    expect(await deliveryOf(name, "Held answer one")).toBe("accepted");
    expect((await view(name)).conversation.windowClosesAt).toBeGreaterThan(Date.now());
  });

  it("without a template campaign, holds the text, sends nothing, says so, and sends it when the customer writes", async () => {
    const { user, name } = await claimedByAlice();
    await setMeta(name, "last_customer_message_at", Date.now() - WHATSAPP_WINDOW_MS - 60_000);
    const before = fakeBraze.requestsFor(user).length;
    await reply(name, "Waiting for you to write");
    await vi.waitFor(async () => expect(await deliveryOf(name, "Waiting for you to write")).toBe("held"));
    await waitUntilSettled(name);
    expect(fakeBraze.requestsFor(user).length).toBe(before);
    expect((await view(name)).templateConfigured).toBe(false);

    await say(user, "hello again");
    await vi.waitFor(() => expect(fakeBraze.sendsTo(user).at(-1)?.text).toBe("Waiting for you to write"));
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).filter((s) => s.text === "Waiting for you to write")).toHaveLength(1);
  });

  it("parks a bot reply the same way: held, one template, released by the customer's next message", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await patchConfig(name, withCampaigns(TEMPLATE_CAMPAIGN));
    await useModel(name, echoModel());
    const resetSeconds = Math.ceil(Date.now() / 1000) + 3600;
    fakeBraze.willRespond({ status: 429, headers: { "X-RateLimit-Reset": String(resetSeconds) } });
    await say(user, "where is my order");
    await vi.waitFor(async () => expect((await conversation(name).status()).outbox.pending).toBe(1));
    await setMeta(name, "last_customer_message_at", Date.now() - WHATSAPP_WINDOW_MS - 60_000);
    await fireTimersNow(name);
    await waitForSends(user, 1);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).map((s) => s.campaignId)).toEqual([TEMPLATE_CAMPAIGN]);

    await say(user, "ok");
    await waitForSends(user, 3);
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual(["", "echo: where is my order", "echo: ok"]);
  });
});

describe("the hand-back", () => {
  it("lets the bot answer again after release, with the agent's messages in the model's context", async () => {
    const { user, name } = await claimedByAlice();
    const model = echoModel();
    await useModel(name, model);
    await reply(name, "I have refunded order A-1001 today.");
    await waitForSends(user, 3);
    await runInDurableObject(conversation(name), (_i: Conversation, state) => {
      state.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('active_flow', 'returns')");
    });
    expect((await act(name, "release")).status).toBe(200);
    const kept = await runInDurableObject(conversation(name), (_i: Conversation, state) =>
      state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'active_flow'").toArray(),
    );
    expect(kept).toEqual([{ value: "returns" }]); // an interrupted flow can resume

    await say(user, "when will I see the money?");
    await waitForSends(user, 4);
    expect(fakeBraze.sendsTo(user).at(-1)?.text).toBe("echo: when will I see the money?");
    expect(model.inputs).toHaveLength(1);
    expect(model.inputs[0]?.history).toContainEqual(
      expect.objectContaining({ role: "agent", text: "I have refunded order A-1001 today." }),
    );
    expect(model.inputs[0]?.history.map((h) => h.text)).toContain(TEXTS.handoff.en);
    expect((await view(name)).conversation).toMatchObject({ status: "bot", claimedBy: null });
  });
});
