// What a decision cost when the provider does not say: the prompt's and the answer's estimated tokens
// (src/ai/tokens.ts). The offline provider and test fakes answer this way; the AI SDK model uses it only when
// the provider reports no usage.
import { DEFAULT_MODEL_CONTEXT_TOKENS, DEFAULT_PERSONA, type Persona } from "../config";
import type { Decision } from "./decision";
import type { ModelAnswer, ModelInput, ModelUsage } from "./model";
import { buildPrompt, estimatePromptTokens, estimateTokens, type Prompt } from "./prompt";

export function estimatedUsage(prompt: Prompt, decision: Decision): ModelUsage {
  return {
    inputTokens: estimatePromptTokens(prompt),
    outputTokens: estimateTokens("text" in decision ? decision.text : decision.reason),
    source: "estimated",
  };
}

/** A decision reached without a provider: with the prompt a real model would have been sent, and estimates. */
export function estimatedAnswer(
  input: ModelInput,
  decision: Decision,
  budgetTokens: number = DEFAULT_MODEL_CONTEXT_TOKENS,
  persona: Persona = DEFAULT_PERSONA,
): ModelAnswer {
  const prompt = buildPrompt(input, budgetTokens, persona);
  return { decision, prompt, usage: estimatedUsage(prompt, decision) };
}
