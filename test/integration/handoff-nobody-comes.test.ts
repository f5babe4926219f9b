// Nobody comes: a customer who asked for a person while no agent is connected, or whom nobody claimed within
// HANDOFF_UNCLAIMED_NOTICE_MS, is told once, honestly, per waiting period; the conversation stays in the queue.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEXTS } from "../../src/i18n/texts";
import { agentHub } from "../../src/inbox/hub";
import { act, agentCall, conversationId, openLive, waitForStatus } from "../helpers/agents";
import { conversation, fireTimersNow, say, timerDue, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

async function queueIds(): Promise<string[]> {
  const response = await agentCall("/agent/api/conversations");
  return ((await response.json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
}

describe("no agent connected", () => {
  it("tells the customer once, right after the handoff message, and keeps the conversation in the queue", async () => {
    expect(await agentHub(env).agentsConnected()).toBe(0);
    const user = uniqueUser("nobody");
    const name = `ext:${user}`;
    await say(user, "humano", "es");
    await waitForSends(user, 2);
    await say(user, "agente");
    await say(user, "¿hola?");
    await waitUntilSettled(name);
    await fireTimersNow(name); // the unclaimed-notice timer too: already told, so nothing more
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.es, TEXTS.handoffNobodyAvailable.es]);
    expect(await queueIds()).toContain(conversationId(name));
  });
});

describe("an agent connected but nobody claims", () => {
  it("sends no notice at first, then one when HANDOFF_UNCLAIMED_NOTICE_MS has passed, never twice", async () => {
    const live = await openLive();
    try {
      const user = uniqueUser("unclaimed");
      const name = `ext:${user}`;
      await say(user, "agent");
      await waitForStatus(name, "waiting");
      await waitUntilSettled(name);
      expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.en]);
      const due = await timerDue(name, "handoff");
      expect(due).toBeGreaterThan(Date.now() + 9 * 60_000); // default 10 minutes

      await fireTimersNow(name);
      await waitForSends(user, 2);
      await fireTimersNow(name);
      await waitUntilSettled(name);
      expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.en, TEXTS.handoffNobodyAvailable.en]);
      expect(await timerDue(name, "handoff")).toBeUndefined();
      expect((await conversation(name).agentView())?.conversation.status).toBe("waiting");
      expect(await queueIds()).toContain(conversationId(name));
    } finally {
      live.socket.close();
    }
  });

  it("sends nothing once the conversation is claimed in time (the claim cancels the timer)", async () => {
    const live = await openLive();
    try {
      const user = uniqueUser("claimed");
      const name = `ext:${user}`;
      await say(user, "agent");
      await waitForStatus(name, "waiting");
      expect((await act(name, "claim")).status).toBe(200);
      expect(await timerDue(name, "handoff")).toBeUndefined();
      await fireTimersNow(name);
      await waitUntilSettled(name);
      expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.en]);
    } finally {
      live.socket.close();
    }
  });
});
