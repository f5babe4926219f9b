// The agent hub is a convenience, never a dependency: when it cannot be reached, a handoff turn, an agent's
// claim and reply, and a customer's webhook all still succeed (the failure is logged), and the customer is not
// told "nobody is available" on a guess. The next change repairs the hub's queue index.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { TEXTS } from "../../src/i18n/texts";
import { act, agentCall, conversationId, reply, waitForStatus } from "../helpers/agents";
import { conversation, say, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

/** Points the live instance's hub binding at one that throws (unreachable) or never answers (hanging). */
async function breakHub(name: string, broken: boolean | "hanging"): Promise<void> {
  const unreachable = {
    idFromName: () => {
      throw new Error("hub unreachable");
    },
  };
  const hanging = { idFromName: () => "hub", get: () => ({ conversationChanged: () => new Promise(() => {}) }) };
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    const host = (instance as unknown as { handoff: { host: { env: Env } } }).handoff.host;
    host.env = broken ? ({ ...env, AGENT_HUB: broken === "hanging" ? hanging : unreachable } as unknown as Env) : env;
  });
}

const logged = vi.spyOn(console, "warn");
afterEach(() => logged.mockClear());

describe("an unreachable hub", () => {
  it("fails neither the handoff turn, the webhook, the claim nor the reply, and the index heals afterwards", async () => {
    const user = uniqueUser("hubdown");
    const name = `ext:${user}`;
    await breakHub(name, true);
    await say(user, "agent");
    await waitForStatus(name, "waiting");
    await waitUntilSettled(name);
    // Without the hub's answer nobody knows whether an agent is online: no "nobody available" guess.
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.en]);
    expect(logged.mock.calls.some(([line]) => String(line).includes('"event":"handoff.hub_notify_failed"'))).toBe(true);
    const listed = async () =>
      (
        (await (await agentCall("/agent/api/conversations")).json()) as { conversations: { id: string }[] }
      ).conversations.map((c) => c.id);
    expect(await listed()).not.toContain(conversationId(name));

    expect((await act(name, "claim")).status).toBe(200);
    expect((await reply(name, "Hello from Alice")).status).toBe(202);
    await waitForSends(user, 2);
    await say(user, "thanks"); // the webhook still answers 202 (say asserts it)

    await breakHub(name, false);
    await say(user, "one more thing");
    await waitUntilSettled(name);
    expect(await listed()).toContain(conversationId(name));
  });
});

describe("a hub that never answers", () => {
  it("holds up the handoff message by at most HUB_TIMEOUT_MS", async () => {
    const { HUB_TIMEOUT_MS } = await import("../../src/handoff/conversation-handoff");
    const user = uniqueUser("hubhang");
    const name = `ext:${user}`;
    await breakHub(name, "hanging");
    const started = Date.now();
    await say(user, "agent");
    await waitForSends(user, 1, HUB_TIMEOUT_MS + 5000);
    expect(Date.now() - started).toBeLessThan(HUB_TIMEOUT_MS + 4000);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.en]);
    await vi.waitFor(() =>
      expect(logged.mock.calls.some(([line]) => String(line).includes("TimeoutError"))).toBe(true),
    );
  });
});

describe("a stale queue entry", () => {
  it("is dropped when an agent opens a conversation that no longer exists (404)", async () => {
    const { agentHub } = await import("../../src/inbox/hub");
    const id = env.CONVERSATIONS.newUniqueId().toString();
    const now = Date.now();
    await agentHub(env).conversationChanged(
      {
        id,
        status: "waiting",
        reason: "erased meanwhile",
        language: "en",
        customerName: null,
        maskedPhone: null,
        lastMessages: [],
        waitingSince: now,
        claimedBy: null,
        windowClosesAt: null,
        updatedAt: now,
      },
      "queue",
    );
    const ids = async () => (await agentHub(env).list()).map((c) => c.id);
    expect(await ids()).toContain(id);
    expect((await agentCall(`/agent/api/conversations/${id}`)).status).toBe(404);
    expect(await ids()).not.toContain(id);
  });
});
