// The retry policy of the outbox (src/conversation/backoff.ts): a clean failure backs off from RETRY_BASE_MS; an
// ambiguous one (Braze may have acted) waits at least BRAZE_AMBIGUOUS_RETRY_MS, doubling, capped.
import { describe, expect, it } from "vitest";
import { ambiguousWaitMs, retryDelayMs } from "../../src/conversation/backoff";

const policy = { retryBaseMs: 1_000, retryMaxMs: 300_000, brazeAmbiguousRetryMs: 60_000 };
const noJitter = () => 0.5; // jitter factor 0.8 + 0.4 * 0.5 = 1
const failure = (attempts: number, ambiguousAttempts: number, ambiguous: boolean) => ({
  attempts,
  ambiguousAttempts,
  ambiguous,
});

describe("retryDelayMs", () => {
  it("backs a clean failure off from RETRY_BASE_MS, whatever ambiguous attempts came before", () => {
    expect(retryDelayMs(failure(1, 0, false), policy, noJitter)).toBe(1_000);
    expect(retryDelayMs(failure(3, 2, false), policy, noJitter)).toBe(4_000);
    expect(retryDelayMs(failure(30, 0, false), policy, noJitter)).toBe(300_000);
  });

  it("waits BRAZE_AMBIGUOUS_RETRY_MS after a first ambiguous failure, doubling for each later one", () => {
    expect(retryDelayMs(failure(1, 1, true), policy, noJitter)).toBe(60_000);
    expect(retryDelayMs(failure(2, 2, true), policy, noJitter)).toBe(120_000);
    expect(retryDelayMs(failure(3, 3, true), policy, noJitter)).toBe(240_000);
  });

  it("caps the ambiguous wait at RETRY_MAX_MS, or at the wait itself when that is longer", () => {
    expect(retryDelayMs(failure(5, 5, true), policy, noJitter)).toBe(300_000);
    const long = { ...policy, brazeAmbiguousRetryMs: 600_000 };
    expect(retryDelayMs(failure(5, 5, true), long, noJitter)).toBe(600_000);
  });

  it("never waits less than the clean backoff, and with BRAZE_AMBIGUOUS_RETRY_MS=0 is the plain backoff", () => {
    expect(retryDelayMs(failure(12, 1, true), policy, noJitter)).toBe(300_000);
    const none = { ...policy, brazeAmbiguousRetryMs: 0 };
    expect(retryDelayMs(failure(2, 2, true), none, noJitter)).toBe(2_000);
    expect(ambiguousWaitMs(1, none, noJitter)).toBe(0);
  });

  it("jitters the ambiguous wait by +-20 %, so customers caught by one slow spell do not resend at once", () => {
    expect(ambiguousWaitMs(1, policy, () => 0)).toBe(48_000);
    expect(ambiguousWaitMs(1, policy, () => 0.999_999)).toBe(72_000);
  });
});
