// The turn pipeline inside the conversation Durable Object: burst coalescing, requestHandoff and the agent
// hold, and what reaches the model (never the phone number).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { estimatedAnswer } from "../../src/ai/usage";
import type { Conversation } from "../../src/conversation/conversation";
import { TEXTS } from "../../src/i18n/texts";
import { requestHandoff } from "../../src/pipeline/handoff";
import type { Stage } from "../../src/pipeline/types";
import {
  conversation,
  echoModel,
  replyDecision,
  useModel,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { postWebhook, recommendedBody, uniqueUser } from "../helpers/webhook";

const say = (fields: Parameters<typeof recommendedBody>[0]) => postWebhook(recommendedBody(fields));

describe("burst coalescing", () => {
  it("answers three messages sent within REPLY_DEBOUNCE_MS with one model call that sees all three, and one reply", async () => {
    const user = uniqueUser();
    const model = echoModel();
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      instance.deps = { ...instance.deps, model, config: { ...instance.deps.config, replyDebounceMs: 600 } };
    });
    for (const message of ["token-a", "token-b", "token-c"]) {
      expect((await say({ user_id: user, message })).status).toBe(202);
    }
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(model.inputs).toHaveLength(1);
    expect(model.inputs[0]?.messages).toEqual(["token-a", "token-b", "token-c"]);
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual(["echo: token-a | token-b | token-c"]);
  });
});

describe("requestHandoff and the agent-state stage", () => {
  it("sends the handoff message once, then holds the customer's messages for a person without the model", async () => {
    const user = uniqueUser();
    const model = echoModel();
    const askForPerson: Stage = {
      name: "test-handoff-trigger",
      run: (turn) =>
        turn.messages.some((m) => m.text === "human please") ? requestHandoff(turn, "asked") : { kind: "pass" },
    };
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      const stages = [...instance.deps.stages];
      stages.splice(stages.length - 1, 0, askForPerson); // just before the AI, where the brain will decide
      instance.deps = { ...instance.deps, model, stages };
    });

    await say({ user_id: user, message: "human please", language: "fr" });
    expect((await waitForSends(user, 1))[0]?.text).toBe(TEXTS.handoff.fr);
    await say({ user_id: user, message: "are you there?" });
    await waitUntilSettled(`ext:${user}`);

    // No agent is connected to the inbox in this test, so the customer is also told that, once (issue 7).
    expect(fakeBraze.sendsTo(user).map((s) => s.text)).toEqual([TEXTS.handoff.fr, TEXTS.handoffNobodyAvailable.fr]);
    expect(model.inputs).toHaveLength(0);
    const stored = await runInDurableObject(conversation(`ext:${user}`), (_i: Conversation, state) => ({
      meta: Object.fromEntries(
        state.storage.sql
          .exec<{ key: string; value: string }>(
            "SELECT key, value FROM meta WHERE key IN ('chat_status', 'handoff_reason')",
          )
          .toArray()
          .map((r) => [r.key, r.value]),
      ),
      inbound: state.storage.sql.exec<{ state: string }>("SELECT state FROM inbound ORDER BY seq").toArray(),
    }));
    expect(stored.meta).toEqual({ chat_status: "waiting", handoff_reason: "asked" });
    expect(stored.inbound.map((r) => r.state)).toEqual(["handed_off", "held_for_agent"]);
  });
});

describe("what reaches the model", () => {
  it("never contains the customer's phone number, however they write it, nor any Braze id", async () => {
    const user = uniqueUser();
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    const base = { user_id: user, phone_number: "+1 415 555 0142", braze_id: "braze-secret-id" };
    await say({ ...base, message: "call me on +1 (415) 555-0142 please" });
    await waitForSends(user, 1);
    await say({ ...base, message: "or 4155550142, or my work line +44 20 7946 0958. Order A-10023." });
    await waitForSends(user, 2);

    const seen = JSON.stringify(model.inputs);
    expect(seen.replace(/\D/g, "")).not.toContain("4155550142");
    expect(seen.replace(/\D/g, "")).not.toContain("2079460958");
    expect(seen).not.toContain("braze-secret-id");
    expect(seen).not.toContain(user);
    expect(seen).toContain("[phone number]");
    expect(seen).toContain("A-10023"); // short numbers such as order ids are kept
  });

  it("is the markdown the model wrote, converted to WhatsApp formatting in the reply", async () => {
    const user = uniqueUser();
    await useModel(`ext:${user}`, {
      name: "markdown",
      decide: async (input) =>
        estimatedAnswer(
          input,
          replyDecision("## Returns\n**Free** returns within *30 days*:\n\n- print the label\n- drop it off"),
        ),
    });
    await say({ user_id: user, message: "returns?" });
    const [send] = await waitForSends(user, 1);
    expect(send?.text).toContain("*Free*");
    expect(send?.text).toContain("_30 days_");
    expect(send?.text).not.toContain("**");
    expect(send?.text).not.toContain("##");
  });
});

describe("a reply too long for one WhatsApp message", () => {
  it("goes out as parts in order, each within the limit, spaced by SEND_SPACING_MS", async () => {
    const user = uniqueUser();
    const paragraph = (n: number) =>
      `Paragraph ${n}: ${"lorem ipsum dolor sit amet ".repeat(60)}https://shop.example/p/${n}`;
    const long = Array.from({ length: 6 }, (_, i) => paragraph(i + 1)).join("\n\n");
    await runInDurableObject(conversation(`ext:${user}`), (instance: Conversation) => {
      instance.deps = {
        ...instance.deps,
        model: { name: "long", decide: async (input) => estimatedAnswer(input, replyDecision(long)) },
        config: { ...instance.deps.config, sendSpacingMs: 150 },
      };
    });
    await say({ user_id: user, message: "tell me everything" });
    await waitUntilSettled(`ext:${user}`);
    const sends = fakeBraze.sendsTo(user);
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.every((s) => s.text.length <= 4096)).toBe(true);
    expect(
      sends
        .map((s) => s.text)
        .join("\n\n")
        .replace(/\s+/g, " "),
    ).toBe(long.replace(/\s+/g, " "));
    const times = fakeBraze.calls.filter((c) => c.path === "/campaigns/trigger/send").map((c) => c.at);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(140);
  });
});
