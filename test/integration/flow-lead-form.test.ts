// The lead-form sample flow end to end: choice answers by label (any case, accents, language), by the number
// of the numbered fallback and through the button campaign; a bad email re-asked; "No" goes back to the
// name; the Braze attribute and events written only once the customer confirms.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { leadForm } from "../../flows/lead-form";
import type { Conversation } from "../../src/conversation/conversation";
import { conversation, say, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { expireFlowNow, fakeBackend, flowStorage, invalidText, stepText, useFlows } from "../helpers/flows";
import { uniqueUser } from "../helpers/webhook";

const noBackend = () => fakeBackend(() => Response.json({}, { status: 500 }));

/** The lead form with the ai_flow_completed event switched on (tests run with chat events off). */
async function startLeadForm(user: string, options: { buttonCampaign?: string } = {}): Promise<void> {
  const name = `ext:${user}`;
  await useFlows(name, noBackend().fetch);
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    const { config } = instance.deps;
    instance.deps = {
      ...instance.deps,
      config: {
        ...config,
        profile: { ...config.profile, events: new Set(["ai_flow_completed"] as const) },
        braze: {
          ...config.braze,
          buttonCampaignIds: options.buttonCampaign ? { 3: options.buttonCampaign, 2: "campaign-two-buttons" } : {},
        },
      },
    };
  });
  await say(user, "Hi! I'd like to talk to sales");
}

describe("lead form", () => {
  it("collects interest, name and email, confirms, then writes lead_interest and the events", async () => {
    const user = uniqueUser();
    await startLeadForm(user);
    const question = (await waitForSends(user, 1))[0];
    // No button campaign configured: the buttons go as numbered lines, answered by number.
    expect(question?.text).toContain(stepText(leadForm, "interest").en);
    expect(question?.text).toContain("1. Buying\n2. Partnership\n3. Press");

    await say(user, "2");
    expect((await waitForSends(user, 2))[1]?.text).toBe(stepText(leadForm, "name").en);
    await say(user, "Ana Lima");
    expect((await waitForSends(user, 3))[2]?.text).toContain("Thanks, Ana Lima!");
    await say(user, "ana at example");
    expect((await waitForSends(user, 4))[3]?.text).toContain(invalidText(leadForm, "email"));
    await say(user, "Ana@Example.COM");
    expect((await waitForSends(user, 5))[4]?.text).toContain("So that's Ana Lima, Ana@example.com.");
    expect(fakeBraze.profileWritesFor(user)).toHaveLength(0); // nothing reaches Braze before the customer confirms

    await say(user, "yes, send it");
    const thanks = (await waitForSends(user, 6))[5];
    expect(thanks?.text).toBe("Done! Someone from our team will write to Ana@example.com within one working day.");
    await vi.waitFor(() => expect(fakeBraze.profileWritesFor(user).length).toBeGreaterThan(0));
    await waitUntilSettled(`ext:${user}`);
    const writes = fakeBraze.profileWritesFor(user);
    const attributes = Object.assign({}, ...writes.map((w) => w.attributes ?? {}), ...sentAttributes(user));
    expect(attributes).toMatchObject({ lead_interest: "partnership" });
    // Personal data stays out of Braze unless a flow says otherwise.
    expect(JSON.stringify(fakeBraze.calls.filter((c) => c.path === "/users/track"))).not.toContain("Ana");
    const events = writes.flatMap((w) => w.events);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "lead_captured", properties: { interest: "partnership" } }),
        expect.objectContaining({
          name: "ai_flow_completed",
          properties: { flow: "lead-form", interest: "partnership" },
        }),
      ]),
    );
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
  });

  it("matches a choice by its label whatever the case and accents, in another language, and by synonym", async () => {
    const user = uniqueUser();
    await startLeadForm(user);
    await waitForSends(user, 1);
    await say(user, "  COLABORACION ");
    await waitForSends(user, 2);
    expect((await flowStorage(`ext:${user}`)).row?.answers).toBe('{"interest":"partnership"}');

    const other = uniqueUser();
    await startLeadForm(other);
    await waitForSends(other, 1);
    await say(other, "journalist");
    await waitForSends(other, 2);
    expect((await flowStorage(`ext:${other}`)).row?.answers).toBe('{"interest":"press"}');
  });

  it("goes back to the name when the customer says the details are wrong", async () => {
    const user = uniqueUser();
    await startLeadForm(user);
    for (const [n, answer] of ["Buying", "Ana", "ana@example.com"].entries()) {
      await waitForSends(user, n + 1);
      await say(user, answer);
    }
    await waitForSends(user, 4);
    await say(user, "No, fix it");
    expect((await waitForSends(user, 5))[4]?.text).toBe(stepText(leadForm, "name").en);
    expect((await flowStorage(`ext:${user}`)).row?.step).toBe("name");
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.profileWritesFor(user)).toHaveLength(0);
  });

  it("sends the choices through the button campaign when one is configured, and a tapped label is the answer", async () => {
    const user = uniqueUser();
    await startLeadForm(user, { buttonCampaign: "campaign-three-buttons" });
    const [question] = await waitForSends(user, 1);
    expect(question).toMatchObject({
      campaignId: "campaign-three-buttons",
      text: stepText(leadForm, "interest").en,
      buttons: ["Buying", "Partnership", "Press"],
    });
    for (const label of question?.buttons ?? []) expect(label.length).toBeLessThanOrEqual(20);
    await say(user, "Press");
    await waitForSends(user, 2);
    expect((await flowStorage(`ext:${user}`)).row).toMatchObject({ step: "name", answers: '{"interest":"press"}' });
  });

  it("ends without a handoff after three answers that are not a choice", async () => {
    const user = uniqueUser();
    await startLeadForm(user);
    for (let n = 1; n <= 3; n++) {
      await waitForSends(user, n);
      await say(user, `maybe ${n}`);
    }
    const sends = await waitForSends(user, 4);
    const interest = leadForm.steps[0];
    expect(sends[3]?.text).toBe(interest?.kind === "ask" ? interest.giveUpText?.en : "");
    await waitUntilSettled(`ext:${user}`);
    expect(await conversation(`ext:${user}`).status()).toMatchObject({ pendingInbound: 0 });
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
    const chatStatus = await runInDurableObject(conversation(`ext:${user}`), (_i: Conversation, state) =>
      state.storage.sql.exec("SELECT value FROM meta WHERE key = 'chat_status'").toArray(),
    );
    expect(chatStatus).toEqual([]);
  });

  it("keeps the answers across an eviction, and is abandoned in the customer's language when left idle", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useFlows(name, noBackend().fetch);
    await say(user, "Quiero hablar con ventas", "es");
    expect((await waitForSends(user, 1))[0]?.text).toContain(stepText(leadForm, "interest").es);
    await say(user, "Prensa", "es");
    await waitForSends(user, 2);
    await say(user, "Lucía", "es");
    await waitForSends(user, 3);

    await evictDurableObject(conversation(name));
    await say(user, "lucia@example.es", "es");
    expect((await waitForSends(user, 4))[3]?.text).toContain("Entonces: Lucía, lucia@example.es.");
    expect((await flowStorage(name)).row).toMatchObject({ step: "confirm", language: "es" });

    await expireFlowNow(name);
    expect((await waitForSends(user, 5))[4]?.text).toBe(leadForm.abandonText.es);
    expect(await flowStorage(name)).toEqual({ activeFlow: undefined, row: undefined, timer: undefined });
  });
});

/** Attributes that rode on a trigger/send instead of /users/track (src/conversation/profile-ride.ts). */
function sentAttributes(user: string): Record<string, unknown>[] {
  return fakeBraze.sendsTo(user).flatMap((s) => (s.attributes ? [s.attributes] : []));
}
