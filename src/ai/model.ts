// The model interface every provider implements. A turn gives the model the bounded recent context and the
// customer's new message(s); never the phone number, Braze ids or secrets.
import type { HistoryTurn } from "../conversation/history";
import type { Language } from "../i18n/languages";

export interface ModelInput {
  /** Earlier turns, oldest first, already bounded by the caller. */
  history: HistoryTurn[];
  /** The customer's messages being answered now (several when a burst is coalesced), in arrival order. */
  messages: string[];
  language: Language;
}

export interface ModelReply {
  text: string;
}

export interface ChatModel {
  readonly name: string;
  reply(input: ModelInput, signal: AbortSignal): Promise<ModelReply>;
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
