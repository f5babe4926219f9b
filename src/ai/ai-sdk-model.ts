// A ChatModel backed by any AI SDK language model (Workers AI, OpenAI-compatible). Asks for the decision as
// structured output (a JSON schema), validates it with zod, repairs it once when the model got the shape wrong,
// and otherwise falls back without crashing and without showing the customer raw JSON. Owns the call and turns
// every failure into a ModelError whose message is safe to log; answers with the prompt it sent and the tokens
// the provider reported (estimated when it reported none).
import {
  APICallError,
  generateText,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
  Output,
  type OutputInterface,
} from "ai";
import { DEFAULT_PERSONA, type Persona } from "../config";
import { log } from "../log";
import { type Decision, ModelDecisionSchema, parseDecision } from "./decision";
import { type ChatModel, type ModelAnswer, ModelError, type ModelInput, type ModelUsage } from "./model";
import { buildPrompt, type Prompt } from "./prompt";
import { estimatedUsage } from "./usage";

/** Enough for a few WhatsApp paragraphs in a JSON envelope; a longer answer is split into several messages. */
export const MAX_OUTPUT_TOKENS = 700;

/** Confidence given to a plain-text answer from a model that ignored the JSON format: below any sane threshold. */
export const PLAIN_TEXT_CONFIDENCE = 0.3;

/**
 * Asks the provider for JSON matching the decision schema (response_format json_schema, or the provider's
 * equivalent) but returns the raw text: parseDecision validates it, so a near miss can be repaired instead of
 * throwing inside the SDK.
 */
const decisionFormat = Output.object({ schema: ModelDecisionSchema, name: "decision" });
const rawDecision: OutputInterface<string, string, never> = {
  name: "decision-raw",
  responseFormat: decisionFormat.responseFormat,
  parseCompleteOutput: async ({ text }) => text,
  parsePartialOutput: async () => undefined,
  createElementStreamTransform: () => undefined,
};

export class AiSdkModel implements ChatModel {
  constructor(
    private readonly model: LanguageModel,
    readonly name: string,
    private readonly budgetTokens: number,
    private readonly persona: Persona = DEFAULT_PERSONA,
  ) {}

  async decide(input: ModelInput, signal: AbortSignal): Promise<ModelAnswer> {
    const prompt = buildPrompt(input, this.budgetTokens, this.persona);
    const { decision, calls } = await this.decision(input, prompt, signal);
    return { decision, prompt, usage: reportedUsage(calls) ?? estimatedUsage(prompt, decision) };
  }

  /** The decision, and the usage of each call it took (two when the first answer needed a repair). */
  private async decision(
    input: ModelInput,
    prompt: Prompt,
    signal: AbortSignal,
  ): Promise<{ decision: Decision; calls: LanguageModelUsage[] }> {
    const first = await this.generate(prompt.system, prompt.messages, signal);
    const parsed = parseDecision(first.text, input.language);
    if (parsed.ok) return { decision: capDecision(parsed.decision), calls: [first.usage] };
    log("warn", "model.invalid_output", { model: this.name, problem: parsed.problem, attempt: 1 });
    // One repair attempt: the model sees its own answer and what was wrong with it.
    const repairMessages: ModelMessage[] = [
      ...prompt.messages,
      { role: "assistant", content: first.text },
      {
        role: "user",
        content: `That was not valid: ${parsed.problem}. Answer again with only the JSON object described in your instructions.`,
      },
    ];
    const second = await this.generate(prompt.system, repairMessages, signal);
    const calls = [first.usage, second.usage];
    const repaired = parseDecision(second.text, input.language);
    if (repaired.ok) return { decision: capDecision(repaired.decision), calls };
    log("warn", "model.invalid_output", { model: this.name, problem: repaired.problem, attempt: 2 });
    return { decision: fallbackDecision(first.text, input), calls };
  }

  private async generate(
    system: string,
    messages: ModelMessage[],
    signal: AbortSignal,
  ): Promise<{ text: string; usage: LanguageModelUsage }> {
    let text: string;
    let usage: LanguageModelUsage;
    try {
      const result = await generateText({
        model: this.model,
        instructions: system,
        messages,
        output: rawDecision,
        abortSignal: signal,
        // No retries here: the conversation Durable Object retries the whole turn with backoff and keeps the
        // messages pending meanwhile. SDK retries inside it would multiply attempts and outlast its timeout.
        maxRetries: 0,
        maxOutputTokens: MAX_OUTPUT_TOKENS,
      });
      text = (result.output ?? result.text).trim();
      usage = result.usage;
    } catch (error) {
      throw toModelError(this.name, error, signal);
    }
    if (text === "") throw new ModelError(`model ${this.name} returned an empty reply`, { retryable: true });
    return { text, usage };
  }
}

/** The tokens the provider reported over every call, or undefined when any call went unreported. */
function reportedUsage(calls: readonly LanguageModelUsage[]): ModelUsage | undefined {
  let inputTokens = 0;
  let outputTokens = 0;
  for (const call of calls) {
    if (!isReported(call.inputTokens) || !isReported(call.outputTokens)) return undefined;
    inputTokens += call.inputTokens;
    outputTokens += call.outputTokens;
  }
  return calls.length > 0 ? { inputTokens, outputTokens, source: "reported" } : undefined;
}

/**
 * A call that sent a prompt and got a non-empty answer cost at least one token each way: 0 means "not reported"
 * (workers-ai-provider turns a missing count into 0), which must not make the turn free.
 */
const isReported = (value: number | undefined): value is number =>
  value !== undefined && Number.isInteger(value) && value > 0;

/**
 * After a failed repair: prose without any JSON is probably an answer in the wrong envelope, kept as a reply
 * with a confidence under the handoff threshold (so the brain hands off unless the operator set it lower);
 * anything JSON-like is never shown to the customer.
 */
function fallbackDecision(raw: string, input: ModelInput): Decision {
  const { language } = input;
  if (!/[{}[\]]/.test(raw)) {
    return {
      kind: "reply",
      text: capReply(raw),
      sources: [],
      topic: "general",
      language,
      confidence: PLAIN_TEXT_CONFIDENCE,
    };
  }
  return { kind: "handoff", reason: "invalid_model_output", topic: "unknown", language, confidence: 0 };
}

function capDecision(decision: Decision): Decision {
  return decision.kind === "handoff" ? decision : { ...decision, text: capReply(decision.text) };
}

/**
 * A server that ignores max_tokens must not hand the turn a reply so long that converting and splitting it
 * costs seconds of CPU on every retry; WhatsApp readers stop long before this anyway.
 */
export const MAX_REPLY_CHARS = 8000;

function capReply(text: string): string {
  if (text.length <= MAX_REPLY_CHARS) return text;
  const cut = text.slice(0, MAX_REPLY_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Errors that say the request itself is wrong (code, configuration): the same call fails every time. */
const PERMANENT_ERRORS = new Set([
  "AI_InvalidArgumentError",
  "AI_InvalidPromptError",
  "AI_NoSuchModelError",
  "AI_LoadAPIKeyError",
  "AI_LoadSettingError",
  "AI_UnsupportedFunctionalityError",
]);

/**
 * Classifies a failure. The provider's error is NOT attached as `cause`: an APICallError carries the request
 * body (the whole prompt) and the response body (OpenAI echoes part of a rejected key), and whoever logs a
 * ModelError must not have to know that. Only the provider name, HTTP status and error class are kept.
 */
export function toModelError(name: string, error: unknown, signal?: AbortSignal): ModelError {
  const errorClass = errorName(error);
  if (signal?.aborted || errorClass === "AbortError" || errorClass === "TimeoutError") {
    const reason =
      errorName(signal?.reason) === "TimeoutError" || errorClass === "TimeoutError" ? "timed out" : "aborted";
    return new ModelError(`model ${name} ${reason} (${errorClass})`, { retryable: true });
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    // No status means the request never got a verdict (network, or a Workers AI binding error without a known
    // code, which workers-ai-provider marks non-retryable): worth another try after the turn's backoff.
    const retryable = status === undefined || error.isRetryable || isRetryableStatus(status);
    const where = status === undefined ? "no HTTP status" : `HTTP ${status}`;
    const code = workersAiCode(error.data);
    return new ModelError(
      `model ${name} failed: ${where}${code === undefined ? "" : `, Workers AI code ${code}`} (${errorClass}, ${retryable ? "retryable" : "not retryable"})`,
      { retryable, ...(status === undefined ? {} : { status }) },
    );
  }
  const retryable = !PERMANENT_ERRORS.has(errorClass);
  return new ModelError(`model ${name} failed (${errorClass}, ${retryable ? "retryable" : "not retryable"})`, {
    retryable,
  });
}

/** Timeouts, rate limits and server errors pass; 4xx client errors do not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The error's class name (`error.name`, which survives minification), or "unknown" when it is not a plain word. */
function errorName(error: unknown): string {
  const name = error !== null && typeof error === "object" && "name" in error ? error.name : undefined;
  return typeof name === "string" && /^[\w.-]{1,60}$/.test(name) ? name : "unknown";
}

/** workers-ai-provider keeps the numeric Workers AI error code (e.g. 3040, out of capacity) in `data`. */
function workersAiCode(data: unknown): number | undefined {
  if (data === null || typeof data !== "object" || !("workersAIErrorCode" in data)) return undefined;
  const code = data.workersAIErrorCode;
  return typeof code === "number" && Number.isInteger(code) ? code : undefined;
}
