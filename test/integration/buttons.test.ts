// Quick-reply buttons through Braze: a reply with buttons goes to the campaign for that button count with
// valid labels on its last part only, or as numbered text through the reply campaign; the delivery guarantees
// (opt-out gate, 24-hour window, retries, eviction) hold for button messages too.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { QUICK_REPLY_BODY_MAX } from "../../src/braze/buttons";
import type { Conversation } from "../../src/conversation/conversation";
import { phoneConversationName } from "../../src/conversation/naming";
import { TEXTS } from "../../src/i18n/texts";
import { WHATSAPP_TEXT_LIMIT } from "../../src/whatsapp/split-message";
import { TEST_BINDINGS } from "../bindings";
import {
  conversation,
  fireTimersNow,
  outboxRows,
  say,
  setMeta,
  waitForFirstPart,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { BUTTON_CAMPAIGNS, useScript, withButtonCampaigns } from "../helpers/scripted";
import { postWebhook, recommendedBody, uniquePhone, uniqueUser } from "../helpers/webhook";

const REPLY_CAMPAIGN = TEST_BINDINGS.BRAZE_REPLY_CAMPAIGN_ID;

async function askWithButtons(
  user: string,
  text: string,
  buttons: string[],
  campaigns = withButtonCampaigns(),
): Promise<void> {
  await useScript(`ext:${user}`, {
    answer: () => [{ type: "reply", text, format: "plain", buttons }],
    config: campaigns,
  });
}

describe("buttons through a button campaign", () => {
  it("sends two buttons through the two-button campaign, the labels as button_1 and button_2", async () => {
    const user = uniqueUser();
    await askWithButtons(user, "What brings you here?", ["Buying", "Partnership"]);
    await say(user, "hi");
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(send).toMatchObject({
      campaignId: BUTTON_CAMPAIGNS[2],
      text: "What brings you here?",
      buttons: ["Buying", "Partnership"],
      recipient: { external_user_id: user },
    });
    const properties = ((fakeBraze.calls.at(-1)?.body.recipients ?? []) as { trigger_properties: object }[])[0]
      ?.trigger_properties;
    expect(Object.keys(properties ?? {}).sort()).toEqual(["button_1", "button_2", "external_system_msg_body"]);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("puts the buttons on the last part of a long reply only, within the 1,024-character interactive body", async () => {
    const user = uniqueUser();
    const sentence = "This sentence is part of a long answer about our return policy. ";
    const long = sentence.repeat(Math.ceil(6000 / sentence.length)).trim();
    await askWithButtons(user, long, ["Yes", "No", "Agent"]);
    await say(user, "tell me everything");
    await waitUntilSettled(`ext:${user}`);
    const sends = fakeBraze.sendsTo(user);
    expect(sends.length).toBeGreaterThanOrEqual(3);
    const last = sends.at(-1);
    expect(last).toMatchObject({ campaignId: BUTTON_CAMPAIGNS[3], buttons: ["Yes", "No", "Agent"] });
    expect(last?.text.length).toBeLessThanOrEqual(QUICK_REPLY_BODY_MAX);
    for (const send of sends.slice(0, -1)) {
      expect(send.campaignId).toBe(REPLY_CAMPAIGN);
      expect(send.buttons).toBeUndefined();
      expect(send.text.length).toBeLessThanOrEqual(WHATSAPP_TEXT_LIMIT);
    }
    expect(sends.map((s) => s.text).join(" ")).toBe(long);
  });

  it("sends to a customer Braze knows only by phone through the button campaign, addressed by the phone alias", async () => {
    const phone = uniquePhone();
    const name = phoneConversationName(phone) ?? "";
    await useScript(name, {
      answer: () => [{ type: "reply", text: "Pick one", format: "plain", buttons: ["A", "B"] }],
      config: withButtonCampaigns(),
    });
    expect((await postWebhook(recommendedBody({ phone_number: phone, message: "hello" }))).status).toBe(202);
    await waitUntilSettled(name);
    const sends = fakeBraze.triggerSends(
      (s) => (s.recipient.user_alias as { alias_name?: string } | undefined)?.alias_name === phone,
    );
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ campaignId: BUTTON_CAMPAIGNS[2], buttons: ["A", "B"] });
  });
});

describe("numbered text when buttons cannot go as buttons", () => {
  it("without a campaign for that button count, sends numbered lines and a hint in the customer's language", async () => {
    const user = uniqueUser();
    await askWithButtons(user, "¿Qué te trae por aquí?", ["Comprar", "Colaborar", "Prensa"], withButtonCampaigns({}));
    await say(user, "hola", "es");
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(send?.campaignId).toBe(REPLY_CAMPAIGN);
    expect(send?.buttons).toBeUndefined();
    expect(send?.text).toBe(`¿Qué te trae por aquí?\n\n1. Comprar\n2. Colaborar\n3. Prensa\n\n${TEXTS.choiceHint.es}`);
  });

  it("uses the two-button campaign but not the three-button one when only that one is configured", async () => {
    const user = uniqueUser();
    let buttons = ["Yes", "No"];
    await useScript(`ext:${user}`, {
      answer: () => [{ type: "reply", text: "Sure?", format: "plain", buttons }],
      config: withButtonCampaigns({ 2: BUTTON_CAMPAIGNS[2] }),
    });
    await say(user, "one");
    await waitForSends(user, 1);
    buttons = ["Yes", "No", "Maybe"];
    await say(user, "two");
    await waitForSends(user, 2);
    const [two, three] = fakeBraze.sendsTo(user);
    expect(two).toMatchObject({ campaignId: BUTTON_CAMPAIGNS[2], buttons: ["Yes", "No"] });
    expect(three).toMatchObject({
      campaignId: REPLY_CAMPAIGN,
      text: `Sure?\n\n1. Yes\n2. No\n3. Maybe\n\n${TEXTS.choiceHint.en}`,
    });
  });

  it.each([
    ["four buttons", ["A", "B", "C", "D"]],
    ["a label over 20 characters", ["Short", "This label is far too long"]],
    ["an empty label", ["Yes", "  "]],
    ["a repeated label", ["Yes", "yes"]],
  ])("never sends a layout WhatsApp would refuse (%s): numbered text instead", async (_case, buttons) => {
    const user = uniqueUser();
    await askWithButtons(user, "Choose", buttons);
    await say(user, "hi");
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(send?.campaignId).toBe(REPLY_CAMPAIGN);
    expect(send?.buttons).toBeUndefined();
    expect(send?.text.startsWith("Choose\n\n1. ")).toBe(true);
    expect(fakeBraze.requestsFor(user).every((r) => r.buttons === undefined)).toBe(true);
  });
});

/** The first send is rate-limited until an hour from now: the part waits, parked, for the test to act. */
/** A two-button question whose first send Braze rate-limited for an hour: it waits, attempted once. */
async function buttonMessageWaitingForRetry(): Promise<{ user: string; name: string }> {
  const user = uniqueUser();
  const name = `ext:${user}`;
  await askWithButtons(user, "Pick", ["One", "Two"]);
  const reset = String(Math.ceil(Date.now() / 1000) + 3600);
  fakeBraze.willRespondOn("/campaigns/trigger/send", { status: 429, headers: { "X-RateLimit-Reset": reset } });
  await say(user, "hi");
  await waitForFirstPart(name, { attempts: 1, state: "pending" });
  return { user, name };
}

describe("delivery guarantees hold for button messages", () => {
  it("retries a rate-limited button message and sends it once, buttons intact after an eviction", async () => {
    const { user, name } = await buttonMessageWaitingForRetry();
    await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
      state.storage.sql.exec("UPDATE timers SET due_at = ?", Date.now() + 3_600_000);
      await state.storage.setAlarm(Date.now() + 3_600_000);
    });
    await evictDurableObject(conversation(name));
    await fireTimersNow(name);
    await waitUntilSettled(name);
    expect(fakeBraze.requestsFor(user).map((r) => [r.delivered, r.campaignId, r.buttons])).toEqual([
      [false, BUTTON_CAMPAIGNS[2], ["One", "Two"]],
      [true, BUTTON_CAMPAIGNS[2], ["One", "Two"]],
    ]);
  });

  it("cancels a button message waiting for a retry when the customer has opted out meanwhile", async () => {
    const { user, name } = await buttonMessageWaitingForRetry();
    await runInDurableObject(conversation(name), (_instance: Conversation, state) => {
      state.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('opted_out', ?)", String(Date.now()));
    });
    await fireTimersNow(name);
    await waitForFirstPart(name, { state: "cancelled" });
    expect(fakeBraze.sendsTo(user)).toHaveLength(0);
  });

  it("holds a button message that an outage delayed past the 24-hour window, buttons kept", async () => {
    const { user, name } = await buttonMessageWaitingForRetry();
    await setMeta(name, "last_customer_message_at", Date.now() - 25 * 3600 * 1000);
    await fireTimersNow(name);
    await waitForFirstPart(name, { state: "held" }); // sent when the customer writes again (docs/handoff.md)
    expect(fakeBraze.sendsTo(user)).toHaveLength(0);
    expect((await outboxRows(name))[0]?.buttons).toBe(JSON.stringify(["One", "Two"]));
  });
});
