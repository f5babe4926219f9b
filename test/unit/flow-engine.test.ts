// The flow engine on its own (no Durable Object): the actions a turn gets when a flow starts, advances,
// completes or hands off, and the backend's idempotency key across a retried turn.
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { BUNDLED_FLOWS } from "../../src/flows/bundled";
import { catalogOf } from "../../src/flows/catalog";
import { FlowEngine } from "../../src/flows/engine";
import type { ActiveFlowState, ConversationView, Turn, TurnAction } from "../../src/pipeline/types";
import { TEST_BINDINGS } from "../bindings";
import { type BackendCall, fakeBackend } from "../helpers/flows";

const config = loadConfig({ ...TEST_BINDINGS });
const NOW = 1_000_000;

function turnOf(text: string, view: Partial<ConversationView> = {}, seq = 7): Turn {
  return {
    messages: [{ seq, text, mediaCount: 0, receivedAt: NOW }],
    view: { optedOut: false, chatStatus: "bot", activeFlow: undefined, language: "en", history: () => [], ...view },
    services: {
      config,
      model: { name: "must-not-be-called", decide: () => Promise.reject(new Error("no model in flows")) },
      failedAttempts: 0,
      now: () => NOW,
      redactForModel: (t) => t,
      conversationKey: "c_test",
    },
  };
}

function engineWith(answer: (call: BackendCall) => Response) {
  const backend = fakeBackend(answer);
  const variable = (name: string) => (name === "ORDER_STATUS_API_URL" ? "https://orders.test" : undefined);
  return { engine: new FlowEngine(catalogOf(BUNDLED_FLOWS), { variable, fetch: backend.fetch }), calls: backend.calls };
}

const stateOf = (actions: TurnAction[]) =>
  actions.find((a): a is Extract<TurnAction, { type: "flow_state" }> => a.type === "flow_state")?.state;

async function startedState(engine: FlowEngine): Promise<ActiveFlowState> {
  const result = await engine.route().handle(turnOf("order status"));
  const state = result.kind === "stop" ? stateOf(result.actions) : undefined;
  if (!state) throw new Error("the order flow did not start");
  return state;
}

describe("the flow engine", () => {
  it("starts a flow: settles the message, asks the question, stores the state with its idle deadline", async () => {
    const { engine } = engineWith(() => Response.json({}));
    const result = await engine.route().handle(turnOf("order status"));
    expect(result).toMatchObject({
      kind: "stop",
      actions: [
        { type: "settle", seqs: [7], outcome: "answered" },
        { type: "reply", format: "plain", text: expect.stringContaining("order number") },
        {
          type: "flow_state",
          state: { flowId: "order-status", step: "ask_number", answers: {}, attempts: 0, language: "en" },
        },
      ],
    });
    const state = await startedState(engine);
    expect(state.expiresAt).toBe(NOW + 30 * 60_000);
    // Derived from the conversation and the starting message: the same when the turn is retried.
    expect(state.runId).toMatch(/^[0-9a-f]{32}$/);
    expect((await startedState(engine)).runId).toBe(state.runId);
  });

  it("gives a flow started by the same message number at another time a new run id (an erased conversation)", async () => {
    const { engine } = engineWith(() => Response.json({}));
    const first = await engine.route().handle(turnOf("order status"));
    const later = turnOf("order status");
    later.messages = later.messages.map((m) => ({ ...m, receivedAt: NOW + 1 }));
    const second = await engine.route().handle(later);
    const [a, b] = [first, second].map((r) => (r.kind === "stop" ? stateOf(r.actions)?.runId : undefined));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
  });

  it("sends the same idempotency key when a turn is retried, and a new one on the next turn", async () => {
    const { engine, calls } = engineWith(() => Response.json({ status: "shipped", eta: "soon" }));
    const state = await startedState(engine);
    const view = { activeFlow: "order-status", flow: state };
    await engine.continueFlow(turnOf("A-10023", view, 8), "order-status");
    await engine.continueFlow(turnOf("A-10023", view, 8), "order-status"); // the same turn again
    const later = { ...state, lastActivityAt: NOW + 5000 }; // as stored by a later commit
    await engine.continueFlow(turnOf("A-10023", { ...view, flow: later }, 9), "order-status");
    const keys = calls.map((c) => c.headers["idempotency-key"]);
    expect(keys[0]).toBe(`${state.runId}:${NOW}:lookup`);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(`${state.runId}:${NOW + 5000}:lookup`);
  });

  it("completes with the answer, the completion event and the end of the flow", async () => {
    const { engine } = engineWith(() => Response.json({ status: "delivered" }));
    const state = await startedState(engine);
    const result = await engine.continueFlow(
      turnOf("a10025", { activeFlow: "order-status", flow: state }),
      "order-status",
    );
    expect(result).toEqual({
      kind: "stop",
      actions: [
        { type: "settle", seqs: [7], outcome: "answered" },
        { type: "reply", format: "plain", text: "Order A10025 has been delivered. Enjoy!" },
        {
          type: "update_profile",
          events: [{ name: "ai_flow_completed", properties: { flow: "order-status", order_status: "delivered" } }],
        },
        { type: "end_flow", reason: "completed" },
      ],
    });
  });

  it("hands off in the flow's language: the message settles first, the flow ends, then the handoff", async () => {
    const { engine } = engineWith(() => Response.json({}, { status: 404 }));
    const state = { ...(await startedState(engine)), language: "es" as const };
    const result = await engine.continueFlow(
      turnOf("A-12345", { activeFlow: "order-status", flow: state, language: "en" }),
      "order-status",
    );
    expect(result).toEqual({
      kind: "stop",
      actions: [
        { type: "settle", seqs: [7], outcome: "handed_off" },
        { type: "reply", format: "plain", text: "No encontré el pedido A-12345." },
        { type: "end_flow", reason: "handoff: order_not_found" },
        { type: "handoff", reason: "flow order-status: order_not_found", language: "es" },
      ],
    });
  });

  it("ends a flow whose state is missing and lets the message through to the next stages", async () => {
    const { engine } = engineWith(() => Response.json({}));
    expect(await engine.continueFlow(turnOf("hello", { activeFlow: "order-status" }), "order-status")).toEqual({
      kind: "pass",
      actions: [{ type: "end_flow", reason: "flow state missing" }],
    });
    const stale = { ...(await startedState(engine)), step: "a-step-removed-since" };
    expect(
      await engine.continueFlow(turnOf("hello", { activeFlow: "order-status", flow: stale }), "order-status"),
    ).toEqual({ kind: "pass", actions: [{ type: "end_flow", reason: "step gone" }] });
  });
});

describe("a flow that fails unexpectedly", () => {
  it("ends, is logged, and lets the message through to the assistant instead of failing the turn", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void errors.push(String(line)));
    const broken = new FlowEngine(catalogOf(BUNDLED_FLOWS), {
      variable: () => {
        throw new Error("environment unreadable");
      },
      fetch: () => Promise.reject(new Error("unused")),
    });
    const { engine } = engineWith(() => Response.json({}));
    const state = await startedState(engine);
    const result = await broken.continueFlow(
      turnOf("A-10023", { activeFlow: "order-status", flow: state }),
      "order-status",
    );
    expect(result).toEqual({ kind: "pass", actions: [{ type: "end_flow", reason: "flow error" }] });
    expect(errors.map((e) => JSON.parse(e))).toMatchObject([
      { event: "flow.failed", flow: "order-status", error: "Error: environment unreadable" },
    ]);
    vi.restoreAllMocks();
  });
});
