// Helpers to reach into a customer's conversation Durable Object from a test.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { Decision } from "../../src/ai/decision";
import type { ChatModel, ModelInput } from "../../src/ai/model";
import { estimatedAnswer } from "../../src/ai/usage";
import type { Config } from "../../src/config";
import type { Conversation } from "../../src/conversation/conversation";
import type { OutboxRow } from "../../src/conversation/outbox";
import type { TimerName } from "../../src/conversation/timers";
import type { Language } from "../../src/i18n/languages";
import { fakeBraze, type TriggerSendCall } from "./fake-braze";
import { postWebhook, recommendedBody } from "./webhook";

export function conversation(name: string): DurableObjectStub<Conversation> {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(name));
}

/** Replaces the model of the live instance (until it is evicted). */
export async function useModel(name: string, model: ChatModel): Promise<void> {
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    instance.deps = { ...instance.deps, model };
  });
}

/** A confident `reply` decision with this text, as a fake model returns it. */
export function replyDecision(text: string, language: Language = "en"): Decision {
  return { kind: "reply", text, sources: [], topic: "test", language, confidence: 1 };
}

/** A model that answers "echo: <messages joined by ' | '>" and remembers every input it saw. */
export function echoModel(): ChatModel & { inputs: ModelInput[] } {
  const inputs: ModelInput[] = [];
  return {
    name: "echo",
    inputs,
    async decide(input) {
      inputs.push(input);
      return estimatedAnswer(input, replyDecision(`echo: ${input.messages.join(" | ")}`, input.language));
    },
  };
}

/**
 * Replaces configuration values of the live instance (until it is evicted). Call it before the conversation's
 * first message, so that its first delivery already runs with them.
 */
export async function useConfig(name: string, patch: Partial<Config>): Promise<void> {
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    instance.deps = { ...instance.deps, config: { ...instance.deps.config, ...patch } };
  });
}

export async function outboxRows(name: string): Promise<OutboxRow[]> {
  return runInDurableObject(conversation(name), (_instance: Conversation, state) =>
    state.storage.sql.exec<OutboxRow & Record<string, SqlStorageValue>>("SELECT * FROM outbox ORDER BY id").toArray(),
  );
}

/** Waits until the conversation's first reply part matches, e.g. { state: "dead" } or { attempts: 1 }. */
export async function waitForFirstPart(name: string, expected: Partial<OutboxRow>, timeout = 1000): Promise<void> {
  await vi.waitFor(async () => expect((await outboxRows(name))[0]).toMatchObject(expected), { timeout });
}

export async function setMeta(name: string, key: string, value: string | number): Promise<void> {
  await runInDurableObject(conversation(name), (_instance: Conversation, state) => {
    state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = ?", String(value), key);
  });
}

export async function timerDue(name: string, timer: TimerName): Promise<number | undefined> {
  return runInDurableObject(
    conversation(name),
    (_instance: Conversation, state) =>
      state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = ?", timer).toArray()[0]
        ?.due_at,
  );
}

/** Moves every timer and retry deadline to now and re-arms the alarm, as if the clock had reached them. */
export async function fireTimersNow(name: string): Promise<void> {
  await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
    state.storage.sql.exec("UPDATE timers SET due_at = MIN(due_at, ?)", Date.now());
    state.storage.sql.exec("UPDATE outbox SET not_before = MIN(not_before, ?) WHERE state = 'pending'", Date.now());
    await state.storage.setAlarm(Date.now());
  });
}

/** Waits default to 15 s: replies to one customer are spaced 2 s apart (SEND_SPACING_MS), and CI may be loaded. */
export async function waitForSends(externalId: string, count: number, timeout = 15_000): Promise<TriggerSendCall[]> {
  await vi.waitFor(() => expect(fakeBraze.sendsTo(externalId).length).toBeGreaterThanOrEqual(count), {
    timeout,
    interval: 20,
  });
  return fakeBraze.sendsTo(externalId);
}

/** Posts one message as this customer (recommended body) and expects it accepted. */
export async function say(user: string, message: string, language?: string): Promise<void> {
  const response = await postWebhook(recommendedBody({ user_id: user, message, language }));
  expect(response.status).toBe(202);
}

/**
 * Waits until Braze acted on at least `length` sends and subscription changes for this customer (see
 * fakeBraze.timelineFor); with `settled`, also until the conversation has nothing left to do.
 */
export async function waitForTimeline(user: string, length: number, options: { settled?: boolean } = {}) {
  await vi.waitFor(() => expect(fakeBraze.timelineFor(user).length).toBeGreaterThanOrEqual(length), {
    timeout: 15_000,
    interval: 20,
  });
  if (options.settled) await waitUntilSettled(`ext:${user}`);
  return fakeBraze.timelineFor(user);
}

/** Waits until the conversation has nothing left to do, then a little longer to catch any stray send. */
export async function waitUntilSettled(name: string, timeout = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const status = await conversation(name).status();
      expect(status.pendingInbound).toBe(0);
      expect((status.outbox.pending ?? 0) + (status.outbox.sending ?? 0)).toBe(0);
    },
    { timeout, interval: 25 },
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
}
