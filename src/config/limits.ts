// Timings and limits: how big a prompt gets, how fast replies go out, how often a turn may run, and how long
// Braze and the model may take. Each has a range an operator cannot leave and a default chosen for production.
import { z } from "zod";
import { wholeNumberIn } from "./fields";

/** The prompt's token budget when MODEL_CONTEXT_TOKENS is unset. */
export const DEFAULT_MODEL_CONTEXT_TOKENS = 3000;

export const limitVariables = z.object({
  MODEL_CONTEXT_TOKENS: wholeNumberIn(500, 100_000).default(DEFAULT_MODEL_CONTEXT_TOKENS),
  SEND_SPACING_MS: wholeNumberIn(0, 60_000).default(2000),
  SUBSCRIPTION_SETTLE_MS: wholeNumberIn(0, 300_000).default(60_000),
  MAX_TURNS_PER_MINUTE: wholeNumberIn(1, 600).default(10),
  REPLY_DEBOUNCE_MS: wholeNumberIn(0, 60_000).default(1500),
  RETRY_BASE_MS: wholeNumberIn(50, 600_000).default(1000),
  RETRY_MAX_MS: wholeNumberIn(1000, 3_600_000).default(300_000),
  // Both chosen from `npm run bench:braze-timeout` (docs/delivery.md, "Slow Braze and duplicate sends").
  BRAZE_TIMEOUT_MS: wholeNumberIn(1000, 60_000).default(60_000),
  BRAZE_AMBIGUOUS_RETRY_MS: wholeNumberIn(0, 3_600_000).default(60_000),
  MODEL_TIMEOUT_MS: wholeNumberIn(1000, 120_000).default(30_000),
});
type LimitVariables = z.output<typeof limitVariables>;

export function limitSettings(env: LimitVariables) {
  return {
    /** Rough token budget for the history and messages in one prompt, so it stays flat however long a chat gets. */
    modelContextTokens: env.MODEL_CONTEXT_TOKENS,
    /** Least time between two messages to one customer, so their phone shows them in order. */
    sendSpacingMs: env.SEND_SPACING_MS,
    /** Wait after re-subscribing (START) before confirming: Braze takes up to 60 s to apply a subscription change. */
    subscriptionSettleMs: env.SUBSCRIPTION_SETTLE_MS,
    /** Model turns per customer per minute; a flood beyond it is coalesced into later turns, never refused. */
    maxTurnsPerMinute: env.MAX_TURNS_PER_MINUTE,
    replyDebounceMs: env.REPLY_DEBOUNCE_MS,
    retryBaseMs: env.RETRY_BASE_MS,
    retryMaxMs: env.RETRY_MAX_MS,
    brazeTimeoutMs: env.BRAZE_TIMEOUT_MS,
    /** Least wait before resending a Braze call that may have gone through (timeout, connection lost). */
    brazeAmbiguousRetryMs: env.BRAZE_AMBIGUOUS_RETRY_MS,
    modelTimeoutMs: env.MODEL_TIMEOUT_MS,
  };
}
