// The real providers against fakes: an OpenAI-compatible server injected as the provider's fetch, and an `env.AI`
// object with Workers AI's `run(model, inputs, options)`. No real model is ever called.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AiSdkModel } from "../../src/ai/ai-sdk-model";
import { createModel } from "../../src/ai/create-model";
import { type ChatModel, ModelError, type ModelInput } from "../../src/ai/model";
import { OfflineModel } from "../../src/ai/offline-model";
import { buildPrompt } from "../../src/ai/prompt";
import { estimatedUsage } from "../../src/ai/usage";
import { ConfigError, DEFAULT_WORKERS_AI_MODEL, loadConfig } from "../../src/config";
import { withTimeout } from "../../src/timeout";
import { TEST_BINDINGS } from "../bindings";

const BASE_URL = "https://llm.example.test/v1";
const API_KEY = "sk-test-9f8e7d6c5b4a-secret";
const MODEL = "gpt-test-mini";

const INPUT: ModelInput = {
  history: [
    { role: "customer", text: "Do you ship to Lisbon?", at: 1 },
    { role: "assistant", text: "Yes, in 3 to 5 days.", at: 2 },
  ],
  messages: ["Great, thanks", "And how much is it?"],
  language: "pt",
};

const DECISION = {
  kind: "reply",
  text: "O envio custa 4,90 €.",
  sources: ["shipping-costs"],
  topic: "delivery",
  language: "pt",
  confidence: 0.9,
} as const;
const DECISION_JSON = JSON.stringify({ ...DECISION, reason: "" });

const ChatRequest = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.string(), content: z.string() })),
});
type ChatRequest = z.infer<typeof ChatRequest>;

function config(vars: Record<string, string>) {
  return loadConfig({ ...TEST_BINDINGS, ...vars });
}

const openAiConfig = () =>
  config({ AI_PROVIDER: "openai", OPENAI_BASE_URL: BASE_URL, OPENAI_API_KEY: API_KEY, AI_MODEL: MODEL });

/** A fake OpenAI-compatible server: records each request and answers with `respond`. */
function fakeOpenAi(respond: (init: RequestInit | undefined) => Response | Promise<Response>) {
  const requests: { url: string; authorization: string | null; body: ChatRequest }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push({
      url: request.url,
      authorization: request.headers.get("authorization"),
      body: ChatRequest.parse(await request.json()),
    });
    return respond(init);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function completion(content: string): Response {
  return Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model: MODEL,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129 },
  });
}

function openAiModel(respond: (init: RequestInit | undefined) => Response | Promise<Response>) {
  const server = fakeOpenAi(respond);
  return { model: createModel(openAiConfig(), {}, { fetch: server.fetch }), requests: server.requests };
}

async function failure(model: ChatModel, signal = new AbortController().signal): Promise<ModelError> {
  const error = await model.decide(INPUT, signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe("openai provider", () => {
  it("posts the system prompt, history and burst to <baseUrl>/chat/completions with the key, and returns the decision", async () => {
    const { model, requests } = openAiModel(() => completion(`  ${DECISION_JSON}  `));

    const { decision } = await model.decide(INPUT, new AbortController().signal);

    expect(decision).toEqual(DECISION);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe(`${BASE_URL}/chat/completions`);
    expect(request?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.model).toBe(MODEL);
    expect(request?.body.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(request?.body.messages[0]?.content).toContain("Portuguese");
    expect(request?.body.messages.slice(1).map((m) => m.content)).toEqual([
      "<customer_message>\nDo you ship to Lisbon?\n</customer_message>",
      "Yes, in 3 to 5 days.",
      "<customer_message>\nGreat, thanks\nAnd how much is it?\n</customer_message>",
    ]);
  });

  it("answers with the prompt it sent and the token counts the server reported", async () => {
    const { model, requests } = openAiModel(() => completion(DECISION_JSON));
    const { prompt, usage } = await model.decide(INPUT, new AbortController().signal);
    expect(usage).toEqual({ inputTokens: 120, outputTokens: 9, source: "reported" });
    expect(requests[0]?.body.messages[0]?.content).toBe(prompt.system);
  });

  it("turns a 500 into a retryable ModelError after one attempt, without the server's body", async () => {
    const { model, requests } = openAiModel(() =>
      Response.json({ error: { message: "upstream exploded on: And how much is it?" } }, { status: 500 }),
    );
    const error = await failure(model);
    expect(requests).toHaveLength(1);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.message).toContain("HTTP 500");
    expect(error.message).not.toContain("exploded");
    expect(error.message).not.toContain("how much");
  });

  it("turns a 401 into a non-retryable ModelError that never shows the key, even when the server echoes it", async () => {
    const { model } = openAiModel(() =>
      Response.json(
        { error: { message: `Incorrect API key provided: ${API_KEY}`, type: "invalid_request_error" } },
        { status: 401 },
      ),
    );
    const error = await failure(model);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(401);
    expect(error.message).toContain("openai");
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).not.toContain("9f8e7d6c5b4a");
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain("9f8e7d6c5b4a");
  });

  it("gives up on a hung server when the turn's signal fires, with a retryable ModelError", async () => {
    const { model, requests } = openAiModel(
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    const started = Date.now();
    const error = await withTimeout(100, (signal) => model.decide(INPUT, signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).retryable).toBe(true);
    expect((error as ModelError).message).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(requests).toHaveLength(1);
  });

  it("treats an empty answer as a failure", async () => {
    const { model } = openAiModel(() => completion("   "));
    const error = await failure(model);
    expect(error.message).toContain("empty");
  });
});

/** A stand-in for the `AI` binding: records each `run(model, inputs, options)` call. */
function fakeAi(run: (model: string, inputs: unknown, options: unknown) => Promise<unknown>) {
  const calls: { model: string; inputs: unknown; options: unknown }[] = [];
  const binding = {
    async run(model: string, inputs: unknown, options: unknown) {
      calls.push({ model, inputs, options });
      return run(model, inputs, options);
    },
  };
  return { binding: binding as unknown as Ai, calls };
}

const workersAiConfig = () => config({ AI_PROVIDER: "workers-ai" });

describe("workers-ai provider", () => {
  it("runs the configured model on env.AI with the prompt's messages and returns the decision", async () => {
    const ai = fakeAi(async () => ({ response: DECISION_JSON, usage: { prompt_tokens: 1 } }));
    const model = createModel(workersAiConfig(), { AI: ai.binding });
    const signal = new AbortController().signal;

    const { decision } = await model.decide(INPUT, signal);

    expect(decision).toEqual(DECISION);
    expect(ai.calls).toHaveLength(1);
    const call = ai.calls[0];
    expect(call?.model).toBe(DEFAULT_WORKERS_AI_MODEL);
    const inputs = z.object({ messages: ChatRequest.shape.messages, max_tokens: z.number() }).parse(call?.inputs);
    expect(inputs.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(inputs.messages[0]?.content).toContain("Portuguese");
    expect(inputs.messages.at(-1)?.content).toBe(
      "<customer_message>\nGreat, thanks\nAnd how much is it?\n</customer_message>",
    );
    expect(inputs.max_tokens).toBeGreaterThan(0);
    expect(z.object({ signal: z.instanceof(AbortSignal) }).safeParse(call?.options).success).toBe(true);
  });

  it("estimates the tokens when the provider reports no complete usage (here: no completion tokens)", async () => {
    const ai = fakeAi(async () => ({ response: DECISION_JSON, usage: { prompt_tokens: 1 } }));
    const { decision, prompt, usage } = await createModel(workersAiConfig(), { AI: ai.binding }).decide(
      INPUT,
      new AbortController().signal,
    );
    expect(usage).toEqual({ ...estimatedUsage(prompt, decision), source: "estimated" });
    expect(usage.inputTokens).toBeGreaterThan(100);
  });

  it("turns an error thrown by env.AI.run into a ModelError, retryable unless Workers AI rejected the input", async () => {
    const modelFailingWith = (message: string) => {
      const ai = fakeAi(async () => {
        throw new Error(message);
      });
      return createModel(workersAiConfig(), { AI: ai.binding });
    };

    const busy = await failure(modelFailingWith("InferenceUpstreamError: 3040: Capacity temporarily exceeded"));
    expect(busy.retryable).toBe(true);
    expect(busy.status).toBe(429);
    expect(busy.message).toContain("workers-ai");
    expect(busy.message).toContain("3040");

    const rejected = await failure(modelFailingWith("5007: No such model @cf/nope"));
    expect(rejected.retryable).toBe(false);
    expect(rejected.status).toBe(400);

    const unknown = await failure(modelFailingWith("Network connection lost: And how much is it?"));
    expect(unknown.retryable).toBe(true);
    expect(unknown.status).toBeUndefined();
    expect(unknown.message).not.toContain("how much");
  });
});

describe("createModel", () => {
  it("builds the provider AI_PROVIDER names, with the model in its name", () => {
    const ai = fakeAi(async () => ({ response: "unused" }));
    expect(createModel(config({ AI_PROVIDER: "offline" }), {})).toBeInstanceOf(OfflineModel);
    const workersAi = createModel(config({ AI_PROVIDER: "workers-ai", AI_MODEL: "@cf/meta/llama-3.1-8b-instruct" }), {
      AI: ai.binding,
    });
    expect(workersAi).toBeInstanceOf(AiSdkModel);
    expect(workersAi.name).toBe("workers-ai:@cf/meta/llama-3.1-8b-instruct");
    const openAi = createModel(openAiConfig(), {});
    expect(openAi).toBeInstanceOf(AiSdkModel);
    expect(openAi.name).toBe(`openai:${MODEL}`);
    expect(ai.calls).toHaveLength(0);
  });

  it("gives the offline provider the configured budget and persona, so its prompt is the one a real model gets", async () => {
    const configured = config({ AI_PROVIDER: "offline", MODEL_CONTEXT_TOKENS: "800", BOT_BRAND_NAME: "Acme" });
    const { prompt, usage } = await createModel(configured, {}).decide(INPUT, new AbortController().signal);
    expect(prompt).toEqual(buildPrompt(INPUT, 800, configured.brain.persona));
    expect(prompt.system).toContain("Acme");
    expect(usage.source).toBe("estimated");
  });

  it("refuses workers-ai without the AI binding, naming it", () => {
    expect(() => createModel(workersAiConfig(), {})).toThrow(ConfigError);
    expect(() => createModel(workersAiConfig(), {})).toThrow(/AI binding .*AI_PROVIDER=workers-ai/);
  });
});

describe("AI Gateway (AI_GATEWAY_ID)", () => {
  const ACCOUNT = "0123456789abcdef0123456789abcdef";

  it("sends openai calls to the gateway's OpenAI endpoint, with the provider key and the gateway token", async () => {
    const seen: { url: string; authorization: string | null; gateway: string | null }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push({
        url: request.url,
        authorization: request.headers.get("authorization"),
        gateway: request.headers.get("cf-aig-authorization"),
      });
      return completion(DECISION_JSON);
    }) as typeof globalThis.fetch;
    const gatewayConfig = config({
      AI_PROVIDER: "openai",
      OPENAI_API_KEY: API_KEY,
      AI_MODEL: MODEL,
      AI_GATEWAY_ID: "shop-gateway",
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      AI_GATEWAY_TOKEN: "cf-gateway-token",
    });
    const model = createModel(gatewayConfig, {}, { fetch });
    expect((await model.decide(INPUT, new AbortController().signal)).decision).toEqual(DECISION);
    expect(seen).toEqual([
      {
        url: `https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/shop-gateway/openai/chat/completions`,
        authorization: `Bearer ${API_KEY}`,
        gateway: "Bearer cf-gateway-token",
      },
    ]);
  });

  it("refuses openai through a gateway without the account id, naming it", () => {
    expect(() => config({ AI_PROVIDER: "openai", AI_MODEL: MODEL, AI_GATEWAY_ID: "shop-gateway" })).toThrow(
      /CLOUDFLARE_ACCOUNT_ID is required with AI_GATEWAY_ID/,
    );
  });

  it("passes the gateway to the Workers AI binding", async () => {
    const ai = fakeAi(async () => ({ response: DECISION_JSON }));
    const model = createModel(config({ AI_PROVIDER: "workers-ai", AI_GATEWAY_ID: "shop-gateway" }), { AI: ai.binding });
    await model.decide(INPUT, new AbortController().signal);
    expect(ai.calls[0]?.options).toMatchObject({ gateway: { id: "shop-gateway" } });
  });
});
