// When to try again after a failure: exponential backoff with jitter, capped, for as long as an outage lasts (our
// own timers, not the runtime's alarm retries, which give up after about two minutes), and a longer wait before
// resending a Braze call whose outcome is unknown (docs/delivery.md, "Slow Braze and duplicate sends").
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(maxMs, exponential * jitter));
}

export interface RetryPolicy {
  retryBaseMs: number;
  retryMaxMs: number;
  /** BRAZE_AMBIGUOUS_RETRY_MS: the least wait before resending a call Braze may have acted on. */
  brazeAmbiguousRetryMs: number;
}

/**
 * The wait before the next attempt of an outbox part. A clean failure (5xx, 429, refused: Braze did nothing)
 * backs off from RETRY_BASE_MS. An ambiguous one (a timeout or a connection lost after the request left) also
 * waits BRAZE_AMBIGUOUS_RETRY_MS, doubled for each earlier ambiguous attempt of the part: trigger/send has no
 * idempotency key, so each resend into a Braze that is still slow is one more copy on the customer's phone,
 * and a resend made after the abandoned request landed keeps a late copy from arriving after later parts.
 * Capped at the larger of the wait itself and RETRY_MAX_MS; jittered like the backoff so that the parts of many
 * customers caught by one slow spell do not all come back at once.
 */
export function retryDelayMs(
  failure: { attempts: number; ambiguousAttempts: number; ambiguous: boolean },
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelayMs(failure.attempts, policy.retryBaseMs, policy.retryMaxMs, random);
  if (!failure.ambiguous) return backoff;
  return Math.max(backoff, ambiguousWaitMs(failure.ambiguousAttempts, policy, random));
}

/** The wait after the n-th ambiguous attempt of a part (n >= 1); 0 when BRAZE_AMBIGUOUS_RETRY_MS is 0. */
export function ambiguousWaitMs(n: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = policy.brazeAmbiguousRetryMs;
  return base > 0 ? backoffDelayMs(n, base, Math.max(base, policy.retryMaxMs), random) : 0;
}
