// The handoff state machine in the conversation Durable Object, driven through the webhook and the agent API:
// every transition stored, logged to Braze (ai_chat_status, ai_handoff, ai_handoff_resolved) and refused when
// it does not apply; two concurrent claims (exactly one wins); the bot silent while a person holds the chat;
// the triggers (keywords in six languages, N unhelpful turns); and a waiting conversation across eviction.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { ChatModel } from "../../src/ai/model";
import { estimatedAnswer } from "../../src/ai/usage";
import type { Conversation } from "../../src/conversation/conversation";
import { CHAT_STATUS_ATTRIBUTE } from "../../src/handoff/status";
import { TEXTS } from "../../src/i18n/texts";
import { ASKED_FOR_PERSON } from "../../src/pipeline/stages/agent-keywords";
import { act, BOB, view, waitForStatus } from "../helpers/agents";
import { conversation, echoModel, say, useModel, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { uniqueUser } from "../helpers/webhook";

async function handedOff(language = "en", keyword = "agent"): Promise<{ user: string; name: string }> {
  const user = uniqueUser("handoff");
  const name = `ext:${user}`;
  await say(user, keyword, language);
  await waitForStatus(name, "waiting");
  return { user, name };
}

/**
 * The ai_chat_status values Braze received, in order. The profile lane merges updates still pending into one
 * /users/track call (a later value wins), so a quick claim-then-release may skip the middle value; the last
 * value is always the current status.
 */
const CLARIFY_TEXT = "Could you tell me a little more?";
/** A model that never finds an answer: every turn is a clarifying question, i.e. the bot could not help. */
const alwaysClarifies: ChatModel = {
  name: "always-clarifies",
  decide: async (input) =>
    estimatedAnswer(input, {
      kind: "clarify",
      text: CLARIFY_TEXT,
      topic: "unknown",
      language: input.language,
      confidence: 0.1,
    }),
};
/** Clarifies everything but a question about returns, which it answers: a helpful turn between two unhelpful ones. */
const answersOnlyReturns: ChatModel = {
  name: "answers-only-returns",
  decide: async (input) =>
    input.messages.join(" ").includes("return")
      ? estimatedAnswer(input, {
          kind: "reply",
          text: "Returns are free.",
          sources: [],
          topic: "returns",
          language: input.language,
          confidence: 0.9,
        })
      : alwaysClarifies.decide(input, new AbortController().signal),
};

function statusWrites(user: string): unknown[] {
  // The status may ride on a reply's trigger/send or go through /users/track: what matters is what Braze applied.
  return fakeBraze
    .appliedAttributesFor(user)
    .map((attributes) => attributes[CHAT_STATUS_ATTRIBUTE])
    .filter((v) => v !== undefined);
}

function eventsOf(user: string): { name: unknown; properties: unknown }[] {
  return fakeBraze
    .profileWritesFor(user)
    .filter((w) => w.delivered)
    .flatMap((w) => w.events.map((e) => ({ name: e.name, properties: e.properties })));
}

async function logRows(name: string): Promise<{ from_status: string; to_status: string; agent_id: string | null }[]> {
  return runInDurableObject(conversation(name), (_i: Conversation, state) =>
    state.storage.sql
      .exec<{ from_status: string; to_status: string; agent_id: string | null }>(
        "SELECT from_status, to_status, agent_id FROM handoff_log ORDER BY id",
      )
      .toArray(),
  );
}

describe("bot -> waiting", () => {
  it.each([
    ["en", "AGENT"],
    ["en", "Talk to a human!"],
    ["es", "asesor"],
    ["pt", "Atendente"],
    ["fr", "conseillère"],
    ["ko", "상담원"],
    ["ja", "オペレーター"],
  ])("a customer sending %s '%s' alone gets the handoff message once, in their language", async (language, keyword) => {
    const { user, name } = await handedOff(language, keyword);
    const [send] = await waitForSends(user, 1);
    expect(send?.text).toBe(TEXTS.handoff[language as keyof typeof TEXTS.handoff]);
    expect((await view(name)).conversation).toMatchObject({ status: "waiting", reason: ASKED_FOR_PERSON, language });
  });

  it("never treats the keyword inside a sentence as a request", async () => {
    const user = uniqueUser();
    await useModel(`ext:${user}`, echoModel());
    await say(user, "my agent said the parcel left yesterday");
    await waitForSends(user, 1);
    expect((await conversation(`ext:${user}`).agentView())?.conversation.status).toBe("bot");
  });

  it("records the transition and writes ai_chat_status=waiting and the ai_handoff event with its reason", async () => {
    const { user, name } = await handedOff();
    await waitUntilSettled(name);
    await expect.poll(() => statusWrites(user)).toEqual(["waiting"]);
    expect(eventsOf(user)).toEqual([{ name: "ai_handoff", properties: { reason: ASKED_FOR_PERSON } }]);
    expect(await logRows(name)).toEqual([{ from_status: "bot", to_status: "waiting", agent_id: null }]);
  });

  it("hands off after HANDOFF_AFTER_UNHELPFUL_TURNS (2) non-answers in a row, instead of a third non-answer", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await useModel(name, alwaysClarifies);
    await say(user, "zzqx blorf wibble?");
    await waitForSends(user, 1);
    await say(user, "qqqq frobnicate plumbus?");
    await waitForSends(user, 2);
    await waitUntilSettled(name);
    // No agent is online in this test: the customer is also told that, once.
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([
      CLARIFY_TEXT,
      TEXTS.handoff.en,
      TEXTS.handoffNobodyAvailable.en,
    ]);
    expect((await view(name)).conversation.reason).toContain("could not help");
  });

  it("counts only consecutive non-answers: a real answer in between starts again", async () => {
    const user = uniqueUser();
    await useModel(`ext:${user}`, answersOnlyReturns);
    for (const [i, question] of ["zzqx blorf?", "How do I return an item?", "qqqq plumbus?"].entries()) {
      await say(user, question);
      await waitForSends(user, i + 1);
    }
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).not.toContain(TEXTS.handoff.en);
    expect((await conversation(`ext:${user}`).agentView())?.conversation.status).toBe("bot");
  });
});

describe("while a person holds the conversation", () => {
  it("the bot never answers, the customer's messages join the transcript, and a second request is not re-announced", async () => {
    const { user, name } = await handedOff();
    const model = echoModel();
    await useModel(name, model);
    await say(user, "hello? is anyone there");
    await say(user, "agent");
    await waitUntilSettled(name);
    expect(await act(name, "claim")).toHaveProperty("status", 200);
    await say(user, "thanks for picking this up");
    await waitUntilSettled(name);

    expect(model.inputs).toHaveLength(0);
    const texts = fakeBraze.sendsTo(user).map((s) => s.text);
    expect(texts.filter((t) => t === TEXTS.handoff.en)).toHaveLength(1);
    const customerLines = (await view(name)).transcript.filter((m) => m.role === "customer").map((m) => m.text);
    expect(customerLines).toEqual(["agent", "hello? is anyone there", "agent", "thanks for picking this up"]);
  });
});

describe("agent transitions", () => {
  it("waiting -> agent -> bot: claim then release, each stored, logged and written to Braze", async () => {
    const { user, name } = await handedOff();
    const claimed = await act(name, "claim");
    expect(claimed.status).toBe(200);
    expect(
      ((await claimed.json()) as { conversation: { status: string; claimedBy: unknown } }).conversation,
    ).toMatchObject({
      status: "agent",
      claimedBy: { id: "alice", name: "alice" },
    });
    const released = await act(name, "release");
    expect(released.status).toBe(200);
    expect(((await released.json()) as { conversation: { status: string } }).conversation.status).toBe("bot");

    expect(await logRows(name)).toEqual([
      { from_status: "bot", to_status: "waiting", agent_id: null },
      { from_status: "waiting", to_status: "agent", agent_id: "alice" },
      { from_status: "agent", to_status: "bot", agent_id: "alice" },
    ]);
    await expect.poll(() => statusWrites(user).at(-1), { timeout: 5000 }).toBe("bot");
    expect(statusWrites(user)[0]).toBe("waiting");
    expect(eventsOf(user)).toEqual([
      { name: "ai_handoff", properties: { reason: ASKED_FOR_PERSON } },
      { name: "ai_handoff_resolved", properties: { outcome: "released" } },
    ]);
  });

  it("agent -> closed, and the customer's next message is the bot's again (closed -> bot)", async () => {
    const { user, name } = await handedOff();
    await act(name, "claim");
    expect((await act(name, "close")).status).toBe(200);
    expect((await view(name)).conversation.status).toBe("closed");
    await expect.poll(() => statusWrites(user).at(-1), { timeout: 5000 }).toBe("closed");
    await say(user, "How do I return an item?");
    await waitForSends(user, 3); // handoff message, nobody-available notice, then the bot's answer
    expect(fakeBraze.sendsTo(user).at(-1)?.text).toContain("Return items"); // the knowledge base's how-to-return
    expect(await logRows(name)).toEqual([
      { from_status: "bot", to_status: "waiting", agent_id: null },
      { from_status: "waiting", to_status: "agent", agent_id: "alice" },
      { from_status: "agent", to_status: "closed", agent_id: "alice" },
      { from_status: "closed", to_status: "bot", agent_id: null },
    ]);
    await expect.poll(() => statusWrites(user).at(-1), { timeout: 5000 }).toBe("bot");
    expect(eventsOf(user)).toContainEqual({ name: "ai_handoff_resolved", properties: { outcome: "closed" } });
  });

  it("waiting -> closed without a claim (any agent may close or release a waiting conversation)", async () => {
    const { name } = await handedOff();
    expect((await act(name, "close", BOB)).status).toBe(200);
    expect((await view(name)).conversation.status).toBe("closed");
  });

  it("refuses what does not apply: claim of a bot conversation, release/close/reply by another agent, reply before claim", async () => {
    const user = uniqueUser();
    await say(user, "How do I return an item?");
    await waitForSends(user, 1);
    const bot = `ext:${user}`;
    const notWaiting = await act(bot, "claim");
    expect(notWaiting.status).toBe(409);
    expect(await notWaiting.json()).toMatchObject({ error: { code: "not_waiting" } });

    const { name } = await handedOff();
    const { reply } = await import("../helpers/agents");
    expect(await (await reply(name, "hi")).json()).toMatchObject({ error: { code: "not_claimed" } });
    await act(name, "claim");
    for (const action of ["release", "close"] as const) {
      const refused = await act(name, action, BOB);
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ error: { code: "already_claimed" } });
    }
    expect((await reply(name, "hi from bob", BOB)).status).toBe(409);
    expect((await view(name)).conversation).toMatchObject({ status: "agent", claimedBy: { id: "alice" } });
  });

  it("404s an id that is not a conversation, and an id that is not an id", async () => {
    const { agentCall } = await import("../helpers/agents");
    const { env } = await import("cloudflare:workers");
    const never = env.CONVERSATIONS.newUniqueId().toString();
    for (const id of [never, "not-a-hex-id", "0".repeat(64)]) {
      const response = await agentCall(`/agent/api/conversations/${id}`);
      expect(response.status).toBe(404);
      expect((await agentCall(`/agent/api/conversations/${id}/claim`, { method: "POST" })).status).toBe(404);
    }
  });
});

describe("concurrent claims", () => {
  it("exactly one of two simultaneous claims by different agents wins", async () => {
    for (let round = 0; round < 5; round++) {
      const { name } = await handedOff();
      const [a, b] = await Promise.all([act(name, "claim"), act(name, "claim", BOB)]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const winner = a.status === 200 ? "alice" : "bob";
      expect((await view(name)).conversation.claimedBy?.id).toBe(winner);
      expect((await logRows(name)).filter((r) => r.to_status === "agent")).toHaveLength(1);
    }
  });

  it("the RPC itself is race-free: two claims sent together on one stub, one wins", async () => {
    const { name } = await handedOff();
    const stub = conversation(name);
    const results = await Promise.all([
      stub.claim({ id: "alice", name: "Alice" }),
      stub.claim({ id: "bob", name: "Bob" }),
    ]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
  });
});

describe("across eviction", () => {
  it("a waiting conversation stays waiting, silent and claimable after the object is evicted", async () => {
    const { user, name } = await handedOff();
    await waitUntilSettled(name);
    await evictDurableObject(conversation(name));
    await say(user, "still waiting...");
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).not.toContain("still waiting...");
    expect((await view(name)).conversation.status).toBe("waiting");
    await evictDurableObject(conversation(name));
    expect((await act(name, "claim")).status).toBe(200);
    await evictDurableObject(conversation(name));
    expect((await view(name)).conversation).toMatchObject({ status: "agent", claimedBy: { id: "alice" } });
  });
});

describe("handoff logs", () => {
  it("are one JSON event per line with no customer id, message text, agent id or reply text", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
    ];
    try {
      const { user, name } = await handedOff("en", "human");
      await act(name, "claim", BOB);
      const { reply } = await import("../helpers/agents");
      await reply(name, "Secret-ish agent wording 7391", BOB);
      await act(name, "release", BOB);
      await waitUntilSettled(name);
      const events = lines.map((line) => JSON.parse(line) as { event: string; agent?: string });
      expect(events.map((e) => e.event)).toEqual(
        expect.arrayContaining(["handoff.requested", "handoff.claimed", "handoff.agent_replied", "handoff.released"]),
      );
      expect(events.find((e) => e.event === "handoff.claimed")?.agent).toMatch(/^a_[0-9a-f]{16}$/);
      const all = lines.join("\n");
      for (const secret of [user, "Secret-ish agent wording", '"bob"', BOB.token]) expect(all).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("a number that becomes a known customer", () => {
  it("keeps its handoff: the external_id conversation is claimed by the same agent, the old entry leaves the queue", async () => {
    const { postWebhook, recommendedBody, uniquePhone, guideBody } = await import("../helpers/webhook");
    const { agentCall, conversationId, reply } = await import("../helpers/agents");
    const phone = uniquePhone();
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    expect((await postWebhook(guideBody({ user_id: "", phone_number: phone, message: "agent" }))).status).toBe(202);
    await waitForStatus(phoneName, "waiting");
    expect((await act(phoneName, "claim")).status).toBe(200);

    const user = uniqueUser("moved");
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    const body = recommendedBody({ user_id: user, phone_number: phone, message: "I have an account now" });
    expect((await postWebhook(body)).status).toBe(202);
    await waitForStatus(`ext:${user}`, "agent");
    await waitUntilSettled(`ext:${user}`);
    expect(model.inputs).toHaveLength(0); // still held for the agent, not answered by the bot

    const moved = await view(`ext:${user}`);
    expect(moved.conversation).toMatchObject({ status: "agent", claimedBy: { id: "alice" }, reason: ASKED_FOR_PERSON });
    expect(moved.transcript.filter((m) => m.role === "customer").map((m) => m.text)).toEqual([
      "agent",
      "I have an account now",
    ]);
    const queue = (await (await agentCall("/agent/api/conversations")).json()) as { conversations: { id: string }[] };
    const ids = queue.conversations.map((c) => c.id);
    expect(ids).toContain(conversationId(`ext:${user}`));
    expect(ids).not.toContain(conversationId(phoneName));
    expect((await reply(`ext:${user}`, "Welcome back")).status).toBe(202);
    await vi.waitFor(() => expect(fakeBraze.sendsTo(user).map((s) => s.text)).toContain("Welcome back"));
  });
});
