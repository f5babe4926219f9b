// The model interface every provider implements. A turn gives the model the bounded recent context, the
// retrieved knowledge, the customer's profile fields and new message(s), and gets a typed Decision back with
// the prompt it was decided from and what it cost; never the phone number, Braze ids or secrets.
import type { HistoryTurn } from "../conversation/history";
import type { Language } from "../i18n/languages";
import type { Decision } from "./decision";
import type { Prompt } from "./prompt";
import type { Passage } from "./retrieval";

export interface ModelInput {
  /** Earlier turns, oldest first, already bounded by the caller. */
  history: HistoryTurn[];
  /** What happened before `history`, condensed (src/ai/summary.ts); absent in a short conversation. */
  summary?: string;
  /** The customer's messages being answered now (several when a burst is coalesced), in arrival order. */
  messages: string[];
  language: Language;
  /** Knowledge entries retrieved for the messages, best first (may be empty). */
  passages?: Passage[];
  /** Operator-chosen profile fields (first_name, loyalty_tier...), validated; never identifiers. */
  profile?: Record<string, string>;
  /** Below this retrieval confidence the brain hands off; the offline provider decides with it. */
  minConfidence?: number;
}

/** Tokens one decision cost: as the provider reported them (every call of it), else estimated (src/ai/usage.ts). */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  source: "reported" | "estimated";
}

/**
 * What a model answers: the decision, the prompt it built (the brain checks a reply against it for leaks, so it
 * is never built twice) and the tokens spent (the brain counts them against MODEL_TOKENS_PER_DAY).
 */
export interface ModelAnswer {
  decision: Decision;
  prompt: Prompt;
  usage: ModelUsage;
}

export interface ChatModel {
  readonly name: string;
  decide(input: ModelInput, signal: AbortSignal): Promise<ModelAnswer>;
}

/**
 * A model failure; the turn is retried later and the customer's messages stay pending. The message is safe to
 * log. `retryable` is false only when retrying cannot help (a rejected key, an unknown model, a malformed
 * request); `status` is the provider's HTTP status when there was one.
 */
export class ModelError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryable?: boolean; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModelError";
    this.retryable = options?.retryable ?? true;
    this.status = options?.status;
  }
}
