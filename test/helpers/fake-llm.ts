// A fake AI SDK language model for the real AiSdkModel: answers each call with `respond(system, call)`, where
// `system` is the system prompt it was given, and records every call. No network.
import { MockLanguageModelV4 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV4["doGenerate"]>[0];

export function fakeLanguageModel(respond: (system: string, call: number) => string) {
  let calls = 0;
  const model = new MockLanguageModelV4({
    doGenerate: async (options: CallOptions) => {
      calls++;
      const system = options.prompt
        .filter((m) => m.role === "system")
        .map((m) => m.content)
        .join("\n");
      return {
        content: [{ type: "text", text: respond(system, calls) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 20, text: 20, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  return model;
}

/** A decision as a model would write it (JSON text). */
export function decisionJson(fields: Record<string, unknown>): string {
  return JSON.stringify({
    kind: "reply",
    text: "",
    sources: [],
    reason: "",
    topic: "test",
    language: "en",
    confidence: 0.9,
    ...fields,
  });
}
