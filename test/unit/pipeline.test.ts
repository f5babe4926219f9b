// Each turn-pipeline stage on its own: what it handles, and that it passes everything else through untouched.
import { describe, expect, it, vi } from "vitest";
import type { ModelInput } from "../../src/ai/model";
import { estimatedAnswer } from "../../src/ai/usage";
import { loadConfig } from "../../src/config";
import { requestHandoff } from "../../src/pipeline/handoff";
import { runPipeline } from "../../src/pipeline/run-pipeline";
import { turnPipeline } from "../../src/pipeline/stages";
import { activeFlowStage, NO_FLOWS } from "../../src/pipeline/stages/active-flow";
import { agentStateStage } from "../../src/pipeline/stages/agent-state";
import { globalCommandsStage } from "../../src/pipeline/stages/global-commands";
import { keywordRoutesStage } from "../../src/pipeline/stages/keyword-routes";
import { silenceStage } from "../../src/pipeline/stages/silence";
import type { ConversationView, Stage, Turn, TurnMessage } from "../../src/pipeline/types";
import { TEST_BINDINGS } from "../bindings";
import { replyDecision } from "../helpers/conversation";

const config = loadConfig({ ...TEST_BINDINGS });

function turnOf(texts: string[], view: Partial<ConversationView> = {}): Turn {
  const messages: TurnMessage[] = texts.map((text, i) => ({ seq: i + 1, text, mediaCount: 0, receivedAt: i }));
  return {
    messages,
    view: { optedOut: false, chatStatus: "bot", activeFlow: undefined, language: "en", history: () => [], ...view },
    services: {
      config,
      model: {
        name: "must-not-be-called",
        decide: vi.fn(async (input: ModelInput) => estimatedAnswer(input, replyDecision("model answer"))),
      },
      failedAttempts: 0,
      now: () => 1000,
      redactForModel: (t) => t,
    },
  };
}

describe("the pipeline", () => {
  it("runs the stages in the documented order", () => {
    expect(turnPipeline(config).map((s) => s.name)).toEqual([
      "global-commands",
      "silence",
      "agent-state",
      "agent-keywords",
      "active-flow",
      "keyword-routes",
      "ai",
    ]);
  });

  it("stops at the first stage that handles the turn: later stages never run", async () => {
    const later: Stage = { name: "later", run: vi.fn(() => ({ kind: "pass" as const })) };
    const handler: Stage = { name: "handler", run: (turn) => requestHandoff(turn, "test") };
    const result = await runPipeline([handler, later], turnOf(["hi"]));
    expect(later.run).not.toHaveBeenCalled();
    expect(result.decidedBy).toBe("handler");
  });

  it("hands only the messages an earlier stage left to the next one", async () => {
    const seen: string[][] = [];
    const recorder: Stage = {
      name: "recorder",
      run: (t) => {
        seen.push(t.messages.map((m) => m.text));
        return { kind: "pass" };
      },
    };
    await runPipeline([silenceStage(["promo"]), recorder], turnOf(["PROMO", "where is my order?"]));
    expect(seen).toEqual([["where is my order?"]]);
  });
});

describe("global commands", () => {
  it("passes ordinary messages through untouched", () => {
    const turn = turnOf(["where is my order?", "stop sending the wrong size"]);
    expect(globalCommandsStage.run(turn)).toEqual({ kind: "pass", actions: [], remaining: turn.messages });
  });

  it("stops every message while the customer is opted out", () => {
    const result = globalCommandsStage.run(turnOf(["hello?"], { optedOut: true }));
    expect(result).toEqual({ kind: "stop", actions: [{ type: "settle", seqs: [1], outcome: "opted_out" }] });
  });

  it("answers the messages after a START in the same burst, after its confirmation", async () => {
    const result = await globalCommandsStage.run(turnOf(["START", "where is my order?"], { optedOut: true }));
    expect(result.kind).toBe("pass");
    expect(result.kind === "pass" && result.remaining?.map((m) => m.text)).toEqual(["where is my order?"]);
    expect(result.actions?.map((a) => a.type)).toEqual([
      "settle",
      "set_opted_out",
      "set_subscription",
      "catalog_reply",
    ]);
  });
});

describe("the silence stage", () => {
  it("passes everything through when no silent keyword is configured", () => {
    expect(silenceStage([]).run(turnOf(["PROMO"]))).toEqual({ kind: "pass" });
  });

  it("stores a configured keyword as silenced, whatever its case, accents or punctuation", () => {
    const result = silenceStage(["Promoción"]).run(turnOf(["promocion!", "hi"]));
    expect(result).toMatchObject({
      kind: "pass",
      actions: [{ type: "settle", seqs: [1], outcome: "silenced" }],
      remaining: [{ text: "hi" }],
    });
  });
});

describe("the agent-state stage", () => {
  it("passes a conversation the bot holds", () => {
    expect(agentStateStage.run(turnOf(["hi"]))).toEqual({ kind: "pass" });
  });

  it.each(["waiting", "agent"] as const)("holds every message for a person while %s", (chatStatus) => {
    expect(agentStateStage.run(turnOf(["hi", "anyone?"], { chatStatus }))).toEqual({
      kind: "stop",
      actions: [{ type: "settle", seqs: [1, 2], outcome: "held_for_agent" }],
    });
  });
});

describe("the active-flow stage", () => {
  it("passes when the customer is in no flow", async () => {
    expect(await activeFlowStage(NO_FLOWS).run(turnOf(["hi"]))).toEqual({ kind: "pass" });
  });

  it("ends a flow that no longer exists and lets the message through", async () => {
    expect(await activeFlowStage(NO_FLOWS).run(turnOf(["hi"], { activeFlow: "removed-flow" }))).toEqual({
      kind: "pass",
      actions: [{ type: "end_flow", reason: "unknown flow" }],
    });
  });

  it("gives the message to the flow engine when the flow exists", async () => {
    const continueFlow = vi.fn(async (turn: Turn) => requestHandoff(turn, "flow step"));
    const result = await activeFlowStage({ has: (id) => id === "order-status", continueFlow }).run(
      turnOf(["A-1234"], { activeFlow: "order-status" }),
    );
    expect(continueFlow).toHaveBeenCalledWith(expect.anything(), "order-status");
    expect(result.kind).toBe("stop");
  });
});

describe("the keyword-routes stage", () => {
  it("passes when no route is configured", async () => {
    expect(await keywordRoutesStage([]).run(turnOf(["menu"]))).toEqual({ kind: "pass" });
  });

  it("lets the first route that matches the newest message handle the turn", async () => {
    const route = {
      name: "menu",
      matches: (m: { text: string }) => m.text === "menu",
      handle: (t: Turn) => requestHandoff(t, "menu"),
    };
    expect(await keywordRoutesStage([route]).run(turnOf(["hi", "menu"]))).toMatchObject({ kind: "stop" });
    expect(await keywordRoutesStage([route]).run(turnOf(["menu", "hi"]))).toEqual({ kind: "pass" });
  });
});

describe("requestHandoff", () => {
  it("settles the messages as handed off and asks for the handoff in the customer's language", () => {
    expect(requestHandoff(turnOf(["I want a person", "now"], { language: "es" }), "customer asked")).toEqual({
      kind: "stop",
      actions: [
        { type: "settle", seqs: [1, 2], outcome: "handed_off" },
        { type: "handoff", reason: "customer asked", language: "es" },
      ],
    });
  });
});

describe("the AI stage", () => {
  it("answers the whole burst with one model call and never sees a command", async () => {
    const turn = turnOf(["hi", "STOP"]);
    const result = await runPipeline(turnPipeline(config), turn);
    expect(turn.services.model.decide).not.toHaveBeenCalled();
    expect(result.decidedBy).toBe("global-commands");
  });

  it("tells the customer it cannot answer after the model failed MODEL_MAX_ATTEMPTS times, instead of retrying forever", async () => {
    const turn = turnOf(["hi"]);
    const failing = { name: "down", decide: vi.fn(async () => Promise.reject(new Error("503"))) };
    const early = { ...turn, services: { ...turn.services, model: failing, failedAttempts: 0 } };
    await expect(runPipeline(turnPipeline(config), early)).rejects.toThrow();
    const last = { ...turn, services: { ...turn.services, model: failing, failedAttempts: 4 } };
    const result = await runPipeline(turnPipeline(config), last);
    expect(result.actions).toContainEqual({ type: "catalog_reply", key: "modelUnavailable", language: "en" });
  });
});
