// The guide's body has no message_id, so a Braze retry and a customer typing the same thing again look alike.
// These tests pin the rule of docs/delivery.md "Replays": STOP and START are never eaten (and a retry of either
// confirms once), answers inside a flow and short texts are never eaten, a long text's replay still is, and the
// operator is told once per conversation (log and the admin API) that the template lacks message_id.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { leadForm } from "../../flows/lead-form";
import type { Conversation } from "../../src/conversation/conversation";
import { TEXTS } from "../../src/i18n/texts";
import { TEST_BINDINGS } from "../bindings";
import {
  conversation,
  echoModel,
  setMeta,
  useModel,
  waitForSends,
  waitForTimeline,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { fakeBackend, stepText, useFlows } from "../helpers/flows";
import { guideBody, postWebhook, recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

afterEach(() => vi.restoreAllMocks());

/** Posts the guide's body (no message_id) as this customer; returns the HTTP status. */
async function guide(user: string, message: string): Promise<number> {
  const response = await postWebhook(guideBody({ user_id: user, phone_number: "+14155550111", message }));
  await response.body?.cancel();
  return response.status;
}

const STOP_NOTICE = `send: ${TEXTS.stopConfirmed.en}`;
const START_NOTICE = `send: ${TEXTS.startConfirmed.en}`;

describe("STOP and START without a message_id", () => {
  it("opts the customer out again when STOP follows START within minutes (the second STOP is not a duplicate)", async () => {
    const user = uniqueUser("stop2");
    await useModel(`ext:${user}`, echoModel());
    expect(await guide(user, "STOP")).toBe(202);
    await waitForTimeline(user, 2, { settled: true });
    expect(await guide(user, "START")).toBe(202);
    await waitForTimeline(user, 4, { settled: true });
    expect(await guide(user, "STOP")).toBe(202);
    expect(await waitForTimeline(user, 6, { settled: true })).toEqual([
      STOP_NOTICE,
      "subscription: unsubscribed",
      "subscription: subscribed",
      START_NOTICE,
      STOP_NOTICE,
      "subscription: unsubscribed",
    ]);
  });

  it("stores every copy of a retried STOP (concurrent, later, after an eviction) and confirms once", async () => {
    const user = uniqueUser("stopretry");
    await useModel(`ext:${user}`, echoModel());
    expect(await Promise.all([guide(user, "STOP"), guide(user, "STOP")])).toEqual([202, 202]);
    await waitForTimeline(user, 2, { settled: true });
    expect(await guide(user, "STOP")).toBe(202);
    await evictDurableObject(conversation(`ext:${user}`));
    expect(await guide(user, "STOP")).toBe(202);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.timelineFor(user)).toEqual([STOP_NOTICE, "subscription: unsubscribed"]);
  });

  it("confirms a retried START once and never hands the copy to the model", async () => {
    const user = uniqueUser("startretry");
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    expect(await guide(user, "STOP")).toBe(202);
    await waitForTimeline(user, 2, { settled: true });
    expect(await Promise.all([guide(user, "START"), guide(user, "START")])).toEqual([202, 202]);
    await waitForTimeline(user, 4, { settled: true });
    expect(await guide(user, "start")).toBe(202);
    await evictDurableObject(conversation(`ext:${user}`));
    await useModel(`ext:${user}`, model);
    expect(await guide(user, "START")).toBe(202);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.timelineFor(user)).toEqual([
      STOP_NOTICE,
      "subscription: unsubscribed",
      "subscription: subscribed",
      START_NOTICE,
    ]);
    expect(model.inputs).toHaveLength(0);
  });

  it("treats START long after the last opt-in as an ordinary word again", async () => {
    const user = uniqueUser("startlater");
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    await guide(user, "STOP");
    await waitForTimeline(user, 2, { settled: true });
    await guide(user, "START");
    await waitForTimeline(user, 4, { settled: true });
    await setMeta(`ext:${user}`, "opted_in_at", Date.now() - 31 * 60 * 1000);
    expect(await guide(user, "start")).toBe(202);
    expect((await waitForTimeline(user, 5, { settled: true }))[4]).toBe("send: echo: start");
  });
});

describe("answers without a message_id", () => {
  it("never eats a repeated answer in the lead form: the second 1, a retyped name and email", async () => {
    const user = uniqueUser("lead");
    await useFlows(`ext:${user}`, fakeBackend(() => Response.json({}, { status: 500 })).fetch);
    expect(await guide(user, "I'd like to talk to sales")).toBe(202);
    await waitForSends(user, 1);
    const answers = ["1", "Ana Lima", "ana@example.com", "2", "Ana Lima", "ana@example.com", "1"];
    for (const [index, answer] of answers.entries()) {
      expect(await guide(user, answer)).toBe(202);
      await waitForSends(user, index + 2);
    }
    const texts = fakeBraze.sendsTo(user).map((s) => s.text);
    expect(texts[2]).toContain("Thanks, Ana Lima!");
    expect(texts[4]).toBe(stepText(leadForm, "name").en); // "No, fix it" loops back to the name
    expect(texts.at(-1)).toBe("Done! Someone from our team will write to ana@example.com within one working day.");
  });

  it("stores a short text every time it is sent, outside any flow", async () => {
    const user = uniqueUser("short");
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    expect(await guide(user, "yes")).toBe(202);
    await waitForSends(user, 1);
    expect(await guide(user, "yes")).toBe(202);
    await waitForSends(user, 2);
    expect(model.inputs.map((i) => i.messages)).toEqual([["yes"], ["yes"]]);
  });

  it("still recognises a replay of a long text within 10 minutes, also across an eviction", async () => {
    const user = uniqueUser("long");
    await useModel(`ext:${user}`, echoModel());
    const text = "Do you ship to Switzerland, and how long does it take?";
    expect(await guide(user, text)).toBe(202);
    expect(await guide(user, text)).toBe(200);
    await waitForSends(user, 1);
    await evictDurableObject(conversation(`ext:${user}`));
    expect(await guide(user, text)).toBe(200);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });
});

describe("a template without message_id", () => {
  it("is logged once per conversation, and the admin API reports it; bodies with message_id are not", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((line: unknown) => void warnings.push(String(line)));
    const since = Date.now();
    const [withId, without] = [uniqueUser("withid"), uniqueUser("noid")];
    for (const text of ["hello there", "second message", "third one"]) {
      expect((await postWebhook(recommendedBody({ user_id: withId, message: text }))).status).toBe(202);
      expect(await guide(without, text)).toBe(202);
    }
    const noted = warnings.filter((line) => line.includes('"event":"webhook.no_message_id"'));
    expect(noted).toHaveLength(1);
    expect(noted[0]).not.toContain(without);

    const admin = { Authorization: `Bearer ${TEST_BINDINGS.ADMIN_TOKEN}` };
    await vi.waitFor(
      async () => {
        const response = await exports.default.fetch(new Request(`${WORKER_URL}/admin/intake`, { headers: admin }));
        expect(response.status).toBe(200);
        const body = (await response.json()) as { missing_message_id: { last_seen_at: string; recent: boolean } };
        expect(Date.parse(body.missing_message_id.last_seen_at)).toBeGreaterThanOrEqual(since);
        expect(body.missing_message_id.recent).toBe(true);
      },
      { timeout: 8000, interval: 20 },
    );
    const refused = await exports.default.fetch(new Request(`${WORKER_URL}/admin/intake`));
    expect(refused.status).toBe(401);
    const health = await (await exports.default.fetch(new Request(`${WORKER_URL}/health`))).text();
    expect(health).not.toContain("message_id");
  });

  it("warns again for the same conversation only after a day", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((line: unknown) => void warnings.push(String(line)));
    const user = uniqueUser("daily");
    await guide(user, "first");
    await runInDurableObject(conversation(`ext:${user}`), (_i: Conversation, state) => {
      state.storage.sql.exec(
        "UPDATE meta SET value = ? WHERE key = 'no_message_id_warned_at'",
        String(Date.now() - 25 * 60 * 60 * 1000),
      );
    });
    await guide(user, "second");
    expect(warnings.filter((line) => line.includes("webhook.no_message_id"))).toHaveLength(2);
  });
});
