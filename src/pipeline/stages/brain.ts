// Stage 6, the last: the brain. Before any model call, an explicit request for a person hands off and a
// customer over today's token budget is told so. Otherwise it retrieves knowledge in the customer's language,
// asks the model for a typed Decision and acts on it: a grounded reply (checked for prompt leaks), a clarifying
// question, or a handoff, also when the reply's confidence is under the threshold (higher for priority
// tiers). A model failure fails the turn (the conversation retries it with backoff, messages kept); after
// MODEL_MAX_ATTEMPTS the customer gets an apology and a person takes over.
import type { Decision } from "../../ai/decision";
import { leakInReply } from "../../ai/guardrails";
import { type ModelAnswer, ModelError, type ModelInput } from "../../ai/model";
import type { Prompt } from "../../ai/prompt";
import type { Retriever } from "../../ai/retrieval";
import { asksForHuman, looksLikeInjection } from "../../i18n/intents";
import type { Language } from "../../i18n/languages";
import { text } from "../../i18n/texts";
import { log } from "../../log";
import { withTimeout } from "../../timeout";
import { conversationContext, isPriorityCustomer, tokensUsedToday, utcDay } from "../brain-context";
import { requestHandoff } from "../handoff";
import type { AnswerFacts, Stage, StageResult, Turn, TurnAction } from "../types";

/** Attempts of one turn before the customer gets the apology and a person takes over. */
export const MODEL_MAX_ATTEMPTS = 5;

/** Knowledge entries offered to the model; the best one decides the offline provider's answer. */
export const PASSAGES_OFFERED = 3;

export function brainStage(retriever: Retriever): Stage {
  return { name: "ai", run: (turn) => runBrain(turn, retriever) };
}

async function runBrain(turn: Turn, retriever: Retriever): Promise<StageResult> {
  const { view, services } = turn;
  const { brain } = services.config;
  const settle: TurnAction = { type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "answered" };
  const texts = turn.messages.map((m) => m.text).filter((t) => t.trim() !== "");
  const day = utcDay(services.now());
  const early = decidedBeforeModel(turn, texts, settle, day);
  if (early) return early;

  const priority = isPriorityCustomer(view.profile, brain.priorityTiers);
  const minConfidence = priority ? brain.priorityMinConfidence : brain.minConfidence;
  const messages = texts.map(services.redactForModel);
  const context = conversationContext(view, services.redactForModel, brain.historyTurns);
  const input: ModelInput = {
    history: context.history,
    ...(context.summary ? { summary: context.summary } : {}),
    messages,
    language: view.language,
    passages: retriever.search(messages.join("\n"), view.language, PASSAGES_OFFERED),
    profile: view.profile ?? {},
    minConfidence,
  };
  let answer: ModelAnswer;
  try {
    answer = await withTimeout(services.config.modelTimeoutMs, (signal) => services.model.decide(input, signal));
  } catch (error) {
    return modelFailed(turn, error);
  }

  // The prompt the model was sent (for the leak check) and the tokens it cost, as the model reports them.
  const { decision, prompt, usage } = answer;
  const spent = usage.inputTokens + usage.outputTokens;
  const bookkeeping: TurnAction[] = [{ type: "add_model_tokens", day, tokens: spent }, ...context.actions];
  const result = actOn(turn, decision, { minConfidence, priority, prompt, settle });
  return result.kind === "stop" ? { kind: "stop", actions: [...result.actions, ...bookkeeping] } : result;
}

/** What is decided without a model: media only, a person asked for, an injection attempt, the daily budget. */
function decidedBeforeModel(turn: Turn, texts: string[], settle: TurnAction, day: string): StageResult | undefined {
  const { view, services } = turn;
  const { brain } = services.config;
  if (texts.length === 0) {
    return { kind: "stop", actions: [settle, { type: "catalog_reply", key: "mediaOnly", language: view.language }] };
  }
  if (asksForHuman(texts.join("\n"), brain.handoffKeywords)) return requestHandoff(turn, "customer_asked");
  if (looksLikeInjection(texts.join("\n"))) {
    log("warn", "guardrail.blocked", { reason: "injection_phrase" });
    return refusal(settle, view.language, "injection");
  }
  if (brain.tokensPerDay > 0 && tokensUsedToday(view, day) >= brain.tokensPerDay) {
    log("info", "brain.daily_limit", { tokensPerDay: brain.tokensPerDay });
    return { kind: "stop", actions: [settle, { type: "catalog_reply", key: "dailyLimit", language: view.language }] };
  }
  return undefined;
}

/** Retried by the conversation (messages kept) until MODEL_MAX_ATTEMPTS; then an apology and a person. */
function modelFailed(turn: Turn, error: unknown): StageResult {
  if (turn.services.failedAttempts + 1 < MODEL_MAX_ATTEMPTS) {
    throw error instanceof ModelError ? error : new ModelError("model call failed", { cause: error });
  }
  const handoff = requestHandoff(turn, "model_unavailable");
  const apology: TurnAction = { type: "catalog_reply", key: "modelUnavailable", language: turn.view.language };
  return { kind: "stop", actions: [apology, ...(handoff.kind === "stop" ? handoff.actions : [])] };
}

interface Policy {
  minConfidence: number;
  priority: boolean;
  prompt: Prompt;
  settle: TurnAction;
}

function actOn(turn: Turn, decision: Decision, policy: Policy): StageResult {
  const language = decision.language;
  const localized: Turn = { ...turn, view: { ...turn.view, language } };
  switch (decision.kind) {
    case "handoff":
      return requestHandoff(localized, decision.reason);
    case "clarify": {
      // A priority customer is not asked to rephrase: a person takes the question (small talk stays small talk).
      if (policy.priority && decision.topic !== "smalltalk") return requestHandoff(localized, "priority_unclear");
      const { topic, confidence } = decision;
      return reply(policy.settle, decision.text, { decision: "clarify", topic, confidence, sources: [] });
    }
    case "reply": {
      if (decision.confidence < policy.minConfidence) return requestHandoff(localized, "low_confidence");
      const leak = leakInReply(decision.text, policy.prompt);
      if (leak) {
        log("warn", "guardrail.blocked", { reason: leak, topic: decision.topic });
        return refusal(policy.settle, language, "guardrail");
      }
      const { topic, confidence, sources } = decision;
      return reply(policy.settle, decision.text, { decision: "reply", topic, confidence, sources });
    }
  }
}

function reply(settle: TurnAction, body: string, facts: AnswerFacts): StageResult {
  return { kind: "stop", actions: [settle, { type: "reply", text: body, format: "markdown", facts }] };
}

/** The polite refusal, as a question back to the customer: nothing of what they asked is echoed. */
function refusal(settle: TurnAction, language: Language, topic: string): StageResult {
  return reply(settle, text("guardrailBlocked", language), { decision: "clarify", topic, confidence: 1, sources: [] });
}
