// Every request of the bad-input corpus (test/corpus/webhook-bodies.ts) through the real Worker entry: the
// status it must get, never a 5xx, and for each one that can be answered, the exact text stored, given to the
// model and answered. None loses a message that could be answered.
import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { ChatModel, ModelInput } from "../../src/ai/model";
import { estimatedAnswer } from "../../src/ai/usage";
import type { Conversation } from "../../src/conversation/conversation";
import { TEXTS } from "../../src/i18n/texts";
import { type CorpusCase, type CorpusRequest, type Expected, WEBHOOK_CORPUS, type Who } from "../corpus/webhook-bodies";
import { conversation, replyDecision, useModel } from "../helpers/conversation";
import { fakeBraze, type TriggerSendCall } from "../helpers/fake-braze";
import { uniqueUser, WORKER_URL } from "../helpers/webhook";

const MODEL_REPLY = "answered";

type Answerable = Extract<Expected, { status: 202 }>;

function freshWho(): Who {
  const digits = () => String(crypto.getRandomValues(new Uint32Array(1))[0]).padStart(10, "0");
  return { userId: uniqueUser("corpus"), phone: `+1${digits()}`, numericId: Number(`9${digits()}`) };
}

/** Remembers every input and answers a fixed text, so the reply Braze gets is known exactly. */
function recordingModel(): ChatModel & { inputs: ModelInput[] } {
  const inputs: ModelInput[] = [];
  return {
    name: "recording",
    inputs,
    async decide(input) {
      inputs.push(input);
      return estimatedAnswer(input, replyDecision(MODEL_REPLY));
    },
  };
}

function send(request: CorpusRequest): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  return exports.default.fetch(
    new Request(`${WORKER_URL}${request.path}`, { method: request.method, headers, body: request.body }),
  );
}

function conversationNameOf(customer: Answerable["customer"]): string {
  return "externalId" in customer ? `ext:${customer.externalId}` : `phone:${customer.phone.replace(/\D/g, "")}`;
}

function repliesTo(customer: Answerable["customer"]): TriggerSendCall[] {
  return fakeBraze.triggerSends((s) =>
    "externalId" in customer
      ? s.recipient.external_user_id === customer.externalId
      : (s.recipient.user_alias as { alias_name?: string } | undefined)?.alias_name === customer.phone,
  );
}

async function storedInbound(name: string): Promise<{ text: string; state: string }[]> {
  return runInDurableObject(conversation(name), (_instance: Conversation, state) =>
    state.storage.sql
      .exec<{ text: string; state: string }>("SELECT text, state FROM inbound ORDER BY seq")
      .toArray()
      .map((row) => ({ text: row.text, state: row.state })),
  );
}

/** Waits until the message is handled and its reply left the outbox; returns what was stored and sent. */
async function settledAnswer(expected: Answerable) {
  const name = conversationNameOf(expected.customer);
  await vi.waitFor(
    async () => {
      const status = await conversation(name).status();
      expect(status.pendingInbound).toBe(0);
      // The turn queues its reply in the same write that settles the message: both empty means done.
      expect((status.outbox.pending ?? 0) + (status.outbox.sending ?? 0)).toBe(0);
    },
    { timeout: 8000, interval: 10 },
  );
  return { stored: await storedInbound(name), replies: repliesTo(expected.customer) };
}

function title(c: CorpusCase): string {
  const expected = c.expected(freshWho());
  const outcome =
    expected.status === 202
      ? expected.reply === "model"
        ? "is stored and its exact text answered by the model"
        : "is stored and answered with the media-only notice, without the model"
      : `is refused with ${expected.status}`;
  return `${c.knownWrong ? "[KNOWN WRONG in src] " : ""}${c.name}: ${c.exercises} → ${outcome}`;
}

describe("the bad-input corpus", () => {
  it("holds at least 60 cases with unique names", () => {
    expect(WEBHOOK_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(WEBHOOK_CORPUS.map((c) => c.name)).size).toBe(WEBHOOK_CORPUS.length);
  });

  for (const c of WEBHOOK_CORPUS) {
    // A knownWrong case states what is right; it.fails keeps it running and turns red once src is fixed.
    const test = c.knownWrong ? it.fails : it;
    test(title(c), async () => {
      const who = freshWho();
      const expected = c.expected(who);
      const model = recordingModel();
      if (expected.status === 202) await useModel(conversationNameOf(expected.customer), model);

      const response = await send(c.request(who));
      expect(response.status).toBeLessThan(500);
      expect(response.status).toBe(expected.status);

      if (expected.status !== 202) {
        if (expected.code) {
          const body = (await response.json()) as { error: { code: string; field?: string } };
          expect(body.error.code).toBe(expected.code);
          expect(body.error.field).toBe(expected.field);
        }
        expect(fakeBraze.attempts).toBe(0);
        return;
      }
      expect(await response.json()).toMatchObject({ status: "accepted" });
      const { stored, replies } = await settledAnswer(expected);
      expect(stored).toEqual([{ text: expected.text, state: "answered" }]);
      if (expected.reply === "model") {
        expect(model.inputs.map((input) => input.messages)).toEqual([[expected.text]]);
        expect(replies.map((r) => [r.delivered, r.text])).toEqual([[true, MODEL_REPLY]]);
      } else {
        expect(model.inputs).toHaveLength(0);
        expect(replies.map((r) => [r.delivered, r.text])).toEqual([[true, TEXTS.mediaOnly.en]]);
      }
    });
  }

  it("leaves Object.prototype untouched after the __proto__ and constructor cases", () => {
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.user_id).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
