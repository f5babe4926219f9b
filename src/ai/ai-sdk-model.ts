// A ChatModel backed by any AI SDK language model (Workers AI, OpenAI-compatible). Asks for the decision as
// structured output (a JSON schema), validates it with zod, repairs it once when the model got the shape wrong,
// and otherwise falls back without crashing and without showing the customer raw JSON. Owns the call and turns
// every failure into a ModelError whose message is safe to log.
import { APICallError, generateText, type LanguageModel, type ModelMessage, Output, type OutputInterface } from "ai";
import { DEFAULT_PERSONA, type Persona } from "../config";
import { log } from "../log";
import { type Decision, ModelDecisionSchema, parseDecision } from "./decision";
import { type ChatModel, ModelError, type ModelInput } from "./model";
import { buildPrompt } from "./prompt";

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

  async decide(input: ModelInput, signal: AbortSignal): Promise<Decision> {
    const prompt = buildPrompt(input, this.budgetTokens, this.persona);
    const first = await this.generate(prompt.system, prompt.messages, signal);
    const parsed = parseDecision(first, input.language);
    if (parsed.ok) return capDecision(parsed.decision);
    log("warn", "model.invalid_output", { model: this.name, problem: parsed.problem, attempt: 1 });
    // One repair attempt: the model sees its own answer and what was wrong with it.
    const repairMessages: ModelMessage[] = [
      ...prompt.messages,
      { role: "assistant", content: first },
      {
        role: "user",
        content: `That was not valid: ${parsed.problem}. Answer again with only the JSON object described in your instructions.`,
      },
    ];
    const second = await this.generate(prompt.system, repairMessages, signal);
    const repaired = parseDecision(second, input.language);
    if (repaired.ok) return capDecision(repaired.decision);
    log("warn", "model.invalid_output", { model: this.name, problem: repaired.problem, attempt: 2 });
    return fallbackDecision(first, input);
  }

  private async generate(system: string, messages: ModelMessage[], signal: AbortSignal): Promise<string> {
    let text: string;
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
    } catch (error) {
      throw toModelError(this.name, error, signal);
    }
    if (text === "") throw new ModelError(`model ${this.name} returned an empty reply`, { retryable: true });
    return text;
  }
}

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
