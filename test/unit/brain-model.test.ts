// The decision from a real AiSdkModel over a fake language model: valid structured output, one repair of an
// invalid one, and a fallback that never crashes and never shows raw JSON; plus the output check against a
// model that leaks its system prompt.
import { describe, expect, it } from "vitest";
import { AiSdkModel, PLAIN_TEXT_CONFIDENCE } from "../../src/ai/ai-sdk-model";
import { parseDecision } from "../../src/ai/decision";
import { leakInReply } from "../../src/ai/guardrails";
import type { ModelInput } from "../../src/ai/model";
import { buildPrompt } from "../../src/ai/prompt";
import { DEFAULT_PERSONA } from "../../src/config";
import { decisionJson, fakeLanguageModel } from "../helpers/fake-llm";

const INPUT: ModelInput = { history: [], messages: ["Where is my order?"], language: "en", passages: [] };

function modelAnswering(respond: (system: string, call: number) => string) {
  const llm = fakeLanguageModel(respond);
  return { model: new AiSdkModel(llm, "fake", 3000), llm };
}

describe("structured decisions", () => {
  it("returns a valid decision as the model gave it, asking for JSON output", async () => {
    const { model, llm } = modelAnswering(() =>
      decisionJson({ text: "It ships in 2 days.", sources: ["delivery-times"], confidence: 0.8 }),
    );
    const { decision } = await model.decide(INPUT, new AbortController().signal);
    expect(decision).toEqual({
      kind: "reply",
      text: "It ships in 2 days.",
      sources: ["delivery-times"],
      topic: "test",
      language: "en",
      confidence: 0.8,
    });
    expect(llm.doGenerateCalls).toHaveLength(1);
    expect(llm.doGenerateCalls[0]?.responseFormat?.type).toBe("json");
  });

  it("repairs an invalid output with one more call that shows the model its mistake", async () => {
    const { model, llm } = modelAnswering((_system, call) =>
      call === 1
        ? '{"kind": "reply", "confidence": "very"}'
        : decisionJson({ kind: "handoff", reason: "refund dispute" }),
    );
    const { decision } = await model.decide(INPUT, new AbortController().signal);
    expect(decision).toMatchObject({ kind: "handoff", reason: "refund dispute" });
    expect(llm.doGenerateCalls).toHaveLength(2);
    const repairPrompt = JSON.stringify(llm.doGenerateCalls[1]?.prompt);
    expect(repairPrompt).toContain("That was not valid");
  });

  it("falls back to a low-confidence reply when the model answers in plain prose twice", async () => {
    const { model, llm } = modelAnswering(() => "Your order ships tomorrow.");
    const { decision } = await model.decide(INPUT, new AbortController().signal);
    expect(decision).toMatchObject({
      kind: "reply",
      text: "Your order ships tomorrow.",
      confidence: PLAIN_TEXT_CONFIDENCE,
    });
    expect(llm.doGenerateCalls).toHaveLength(2);
  });

  it("hands off rather than show broken JSON to the customer", async () => {
    const { model } = modelAnswering(() => '{"kind": "reply", "text": "half an answ');
    const { decision } = await model.decide(INPUT, new AbortController().signal);
    expect(decision).toMatchObject({ kind: "handoff", reason: "invalid_model_output" });
  });

  it("answers with the prompt it sent and the tokens the provider reported, over both calls of a repair", async () => {
    const { model, llm } = modelAnswering((_system, call) =>
      call === 1 ? "not json" : decisionJson({ text: "It ships in 2 days.", confidence: 0.8 }),
    );
    const { prompt, usage } = await model.decide(INPUT, new AbortController().signal);
    expect(usage).toEqual({ inputTokens: 200, outputTokens: 40, source: "reported" });
    expect(JSON.stringify(llm.doGenerateCalls[0]?.prompt)).toContain(JSON.stringify(prompt.system).slice(1, -1));
    expect(prompt).toEqual(buildPrompt(INPUT, 3000, DEFAULT_PERSONA));
  });

  it("reads a decision wrapped in a code fence, and normalises harmless spelling", () => {
    const parsed = parseDecision(
      '```json\n{"action": "Clarify", "text": "Which order?", "language": "PT-br", "confidence": "0.4"}\n```',
      "en",
    );
    expect(parsed).toEqual({
      ok: true,
      decision: { kind: "clarify", text: "Which order?", topic: "general", language: "pt", confidence: 0.4 },
    });
    expect(parseDecision('{"kind": "reply", "text": "", "language": "en", "confidence": 1}', "en").ok).toBe(false);
    expect(parseDecision("no json at all", "en").ok).toBe(false);
  });
});

describe("the output check", () => {
  const prompt = buildPrompt(INPUT, 3000, DEFAULT_PERSONA);

  it("flags a reply that contains the canary or a long verbatim span of the instructions", () => {
    expect(leakInReply(`Sure! ${prompt.canary}`, prompt)).toBe("canary");
    expect(leakInReply(prompt.system, prompt)).toBe("canary");
    const span = prompt.instructions.split("\n")[3]?.slice(10, 90) ?? "";
    expect(span.length).toBe(80);
    expect(leakInReply(`Here are my rules: ${span.toUpperCase()}`, prompt)).toBe("instructions_span");
  });

  it("lets ordinary answers and quoted knowledge through", () => {
    expect(
      leakInReply("Your parcel arrives in 2–4 working days. You can track it in My account.", prompt),
    ).toBeUndefined();
    expect(leakInReply("You are welcome! Anything else?", prompt)).toBeUndefined();
  });
});
