// The `offline` provider: deterministic, no network, the default locally, in tests and in `npm run eval`. It
// decides from the retrieval scores the brain hands it: small talk gets a greeting, a well-covered question
// the best entry's text (already in the customer's language), a vague one (a word or two that matches nothing,
// or several entries equally) a clarifying question, anything else a handoff. It still builds the prompt a real
// model would get, so the brain's leak check and token budget work the same with every provider.
import { DEFAULT_MIN_CONFIDENCE, DEFAULT_MODEL_CONTEXT_TOKENS, DEFAULT_PERSONA, type Persona } from "../config";
import { type Smalltalk, smalltalkKind } from "../i18n/intents";
import type { Language } from "../i18n/languages";
import { type TextKey, text } from "../i18n/texts";
import type { Decision } from "./decision";
import type { ChatModel, ModelAnswer, ModelInput } from "./model";
import type { Passage } from "./retrieval";
import { tokenize } from "./tokenize";
import { estimatedAnswer } from "./usage";

/** Retrieval confidence at or above which the offline provider answers, when the brain gives none. */
export const OFFLINE_MIN_CONFIDENCE = DEFAULT_MIN_CONFIDENCE;

/** Up to this many search terms, a message that matches nothing is vague rather than off-topic. */
const VAGUE_MAX_TERMS = 1;

/** Up to this many words, a message two entries match equally well is vague. */
const VAGUE_MAX_WORDS = 3;

/** Scores closer than this are a tie. */
const TIE = 1e-6;

export class OfflineModel implements ChatModel {
  readonly name = "offline";

  constructor(
    private readonly budgetTokens: number = DEFAULT_MODEL_CONTEXT_TOKENS,
    private readonly persona: Persona = DEFAULT_PERSONA,
  ) {}

  async decide(input: ModelInput): Promise<ModelAnswer> {
    return estimatedAnswer(input, offlineDecision(input), this.budgetTokens, this.persona);
  }
}

function offlineDecision(input: ModelInput): Decision {
  const { language } = input;
  const question = input.messages.join("\n");
  const small = smalltalkKind(question);
  // Small talk is answered with a question back ("how can I help?"): a clarify, not a grounded answer.
  if (small)
    return { kind: "clarify", text: text(SMALLTALK[small], language), topic: "smalltalk", language, confidence: 1 };
  const passages = input.passages ?? [];
  const best = passages[0];
  const terms = tokenize(question).length;
  // A message of at most VAGUE_MAX_TERMS search terms that finds nothing ("help?"): ask, do not hand off.
  if (!best) {
    return terms <= VAGUE_MAX_TERMS
      ? { kind: "clarify", text: text("clarify", language), topic: "unclear", language, confidence: 0 }
      : { kind: "handoff", reason: "low_confidence", topic: "unknown", language, confidence: 0 };
  }
  // A message of a few words that two entries cover equally ("it doesn't work") is too vague to answer.
  const words = question.trim().split(/\s+/).length;
  const tied = words <= VAGUE_MAX_WORDS && (passages[1]?.score ?? -1) >= best.score - TIE;
  const threshold = input.minConfidence ?? OFFLINE_MIN_CONFIDENCE;
  if (best.score >= threshold && !tied) {
    const { entryId, body, score } = best;
    return { kind: "reply", text: body, sources: [entryId], topic: entryId, language, confidence: score };
  }
  if (tied) return clarify(passages, language, best.score);
  return { kind: "handoff", reason: "low_confidence", topic: "unknown", language, confidence: best.score };
}

const SMALLTALK: Record<Smalltalk, TextKey> = {
  greeting: "smalltalkGreeting",
  thanks: "smalltalkThanks",
  goodbye: "smalltalkGoodbye",
};

function clarify(passages: readonly Passage[], language: Language, confidence: number): Decision {
  const near = passages.filter((p) => p.score >= confidence * 0.8).slice(0, 3);
  const options = near.map((p) => `- ${p.title}`).join("\n");
  return {
    kind: "clarify",
    text: `${text("clarifyOptions", language)}\n${options}`,
    topic: near[0]?.entryId ?? "unknown",
    language,
    confidence,
  };
}
