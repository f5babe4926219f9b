// The order-status sample flow end to end through the real webhook: the happy path, a bad answer re-asked and
// the re-ask limit, backend timeouts, 5xx and unknown orders, a resume after eviction, and abandonment by
// the idle timer.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { orderStatus } from "../../flows/order-status";
import type { Conversation } from "../../src/conversation/conversation";
import { loadFlows } from "../../src/flows/loader";
import { TEXTS } from "../../src/i18n/texts";
import { conversation, fireTimersNow, say, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { expireFlowNow, fakeBackend, flowStorage, hang, invalidText, stepText, useFlows } from "../helpers/flows";
import { uniqueUser } from "../helpers/webhook";

const QUESTION = stepText(orderStatus, "ask_number").en;
const INVALID = invalidText(orderStatus, "ask_number");

const shippedBackend = () =>
  fakeBackend((call) =>
    call.url.endsWith("/orders/A-10023")
      ? Response.json({ order: "A-10023", status: "shipped", eta: "2026-11-27", internal_note: "x" })
      : Response.json({ error: "no such order" }, { status: 404 }),
  );

/** The order flow with a short backend timeout, so a hung backend costs the test 300 ms, not 5 s. */
const quickTimeoutFlows = loadFlows([
  { ...orderStatus, steps: orderStatus.steps.map((s) => (s.id === "lookup" ? { ...s, timeoutMs: 300 } : s)) },
]);

async function startOrderFlow(user: string, fetch = shippedBackend().fetch, flows = undefined as never) {
  await useFlows(`ext:${user}`, fetch, flows);
  await say(user, "Hi, what's my order status?");
  expect((await waitForSends(user, 1))[0]?.text).toContain(QUESTION);
}

describe("order status", () => {
  it("looks the order up on the backend and answers with its status, then leaves the flow", async () => {
    const user = uniqueUser();
    const backend = shippedBackend();
    await startOrderFlow(user, backend.fetch);
    expect((await flowStorage(`ext:${user}`)).row).toMatchObject({ flow_id: "order-status", step: "ask_number" });

    await say(user, "a-10023");
    const sends = await waitForSends(user, 2);
    expect(sends[1]?.text).toBe("Good news: order A-10023 has shipped and should arrive by 2026-11-27.");
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toMatchObject({ method: "GET", url: "https://orders.test/api/orders/A-10023" });
    expect(backend.calls[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f]{32}:\d+:lookup$/);
    expect(await flowStorage(`ext:${user}`)).toEqual({ activeFlow: undefined, row: undefined, timer: undefined });

    // Out of the flow, the assistant answers again (the offline model), and the backend is not asked.
    await say(user, "A-10023");
    await waitForSends(user, 3);
    await waitUntilSettled(`ext:${user}`);
    expect(backend.calls).toHaveLength(1);
  });

  it("re-asks a badly formed number, and hands off to a person after the third bad answer", async () => {
    const user = uniqueUser();
    const backend = shippedBackend();
    await startOrderFlow(user, backend.fetch);
    await say(user, "my order from tuesday");
    expect((await waitForSends(user, 2))[1]?.text).toBe(`${INVALID}\n\n${QUESTION}`);
    await say(user, "12345");
    await waitForSends(user, 3);
    expect((await flowStorage(`ext:${user}`)).row?.attempts).toBe(2);
    await say(user, "no idea");
    expect((await waitForSends(user, 4))[3]?.text).toBe(TEXTS.handoff.en);
    await waitUntilSettled(`ext:${user}`);
    // No agent is connected in tests: the handoff's one honest follow-up (docs/handoff.md "Nobody comes").
    expect(
      fakeBraze
        .sendsTo(user)
        .slice(4)
        .map((s) => s.text),
    ).toEqual([TEXTS.handoffNobodyAvailable.en]);
    expect(backend.calls).toHaveLength(0);
    expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
    const status = await conversation(`ext:${user}`).status();
    expect(status.pendingInbound).toBe(0);
  });

  it("tells the customer and hands off when the order is unknown", async () => {
    const user = uniqueUser();
    await startOrderFlow(user);
    await say(user, "B-99999");
    const sends = await waitForSends(user, 4);
    expect(sends.slice(1).map((s) => s.text)).toEqual([
      "I couldn't find order B-99999.",
      TEXTS.handoff.en,
      TEXTS.handoffNobodyAvailable.en,
    ]);
  });

  it.each([
    ["a backend that hangs past the step's timeout", (_: unknown, signal: AbortSignal) => hang(signal)],
    ["a backend answering 503", () => Response.json({ error: "down" }, { status: 503 })],
    ["a network error", () => Promise.reject(new TypeError("connection refused"))],
    ["a response without the declared fields' types", () => Response.json({ status: 42 })],
  ])(
    "with %s, says it cannot check orders now and hands off; nothing lost, nothing sent twice",
    async (_name, answer) => {
      const user = uniqueUser();
      const backend = fakeBackend(answer);
      await startOrderFlow(user, backend.fetch, quickTimeoutFlows as never);
      await say(user, "A-10023");
      const sends = await waitForSends(user, 4);
      expect(sends.slice(1).map((s) => s.text)).toEqual([
        "I can't check orders right now.",
        TEXTS.handoff.en,
        TEXTS.handoffNobodyAvailable.en,
      ]);
      await waitUntilSettled(`ext:${user}`);
      expect(fakeBraze.sendsTo(user)).toHaveLength(4);
      expect(backend.calls).toHaveLength(1);
      expect((await flowStorage(`ext:${user}`)).activeFlow).toBeUndefined();
    },
  );

  it("resumes exactly where it was after the Durable Object is evicted", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const backend = fakeBackend(() => Response.json({ status: "processing" }));
    await startOrderFlow(user, backend.fetch);
    await say(user, "wrong");
    await waitForSends(user, 2);
    const before = await flowStorage(name);
    expect(before.row).toMatchObject({ step: "ask_number", attempts: 1 });

    await evictDurableObject(conversation(name));
    expect(await flowStorage(name)).toEqual(before);
    await useFlows(name, backend.fetch); // the fake backend is per instance: give it to the new one
    await say(user, "A-10024");
    const sends = await waitForSends(user, 3);
    expect(sends[2]?.text).toBe("Order A-10024 is being prepared (processing). We'll message you when it ships.");
    expect(backend.calls.map((c) => c.url)).toEqual(["https://orders.test/api/orders/A-10024"]);
  });

  it("abandons an idle flow with its message when the flow timer fires, and answers normally after", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    const backend = shippedBackend();
    await startOrderFlow(user, backend.fetch);
    const { timer } = await flowStorage(name);
    expect(timer).toBeGreaterThan(Date.now() + 29 * 60_000); // 30 minutes idle timeout
    await fireTimersNow(name); // the timer alone is not enough: the stored deadline decides
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await flowStorage(name)).activeFlow).toBe("order-status");

    await expireFlowNow(name);
    expect((await waitForSends(user, 2))[1]?.text).toBe(orderStatus.abandonText.en);
    expect(await flowStorage(name)).toEqual({ activeFlow: undefined, row: undefined, timer: undefined });

    await say(user, "A-10023");
    await waitForSends(user, 3);
    await waitUntilSettled(name);
    expect(backend.calls).toHaveLength(0);
    expect(fakeBraze.sendsTo(user)).toHaveLength(3);
  });

  it("sends no abandon message from a conversation that has moved to the customer's profile", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await startOrderFlow(user);
    await runInDurableObject(conversation(name), (_instance: Conversation, state) => {
      state.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('moved_to', 'ext:someone-else')");
    });
    await expireFlowNow(name);
    await vi.waitFor(async () => expect((await flowStorage(name)).row).toBeUndefined());
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("lets a customer who answered just as the flow expired have their turn instead of abandoning the flow", async () => {
    const user = uniqueUser();
    const name = `ext:${user}`;
    await startOrderFlow(user);
    await runInDurableObject(conversation(name), (instance: Conversation) => {
      instance.deps = { ...instance.deps, config: { ...instance.deps.config, replyDebounceMs: 1500 } };
    });
    await say(user, "A-10023"); // pending for 1.5 s
    await expireFlowNow(name);
    await vi.waitFor(async () => expect((await flowStorage(name)).timer).toBeGreaterThan(Date.now() + 20_000));
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect((await waitForSends(user, 2))[1]?.text).toContain("has shipped");
    await waitUntilSettled(name);
    expect(fakeBraze.sendsTo(user)).toHaveLength(2);
  });
});
