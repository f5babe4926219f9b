// What can go wrong when calling Braze, classified by what the caller must do about it.
//  - retryable: Braze did not act on the request (5xx, 429, 408, connection refused): retry later.
//  - ambiguous: the request may have reached Braze but its answer was lost (timeout, connection dropped):
//    Braze has no idempotency key, so the caller's delivery policy decides (docs/delivery.md).
//  - permanent: it can never succeed as configured (400 invalid campaign, 401/403 key, 404 URL): dead-letter it.

export type BrazeFailureKind = "retryable" | "ambiguous" | "permanent";

export class BrazeError extends Error {
  constructor(
    readonly kind: BrazeFailureKind,
    /** A short, masked description safe for logs; never the upstream body verbatim. */
    readonly summary: string,
    readonly status?: number,
    /** Epoch ms before which Braze asked not to retry (from X-RateLimit-Reset). */
    readonly retryNotBefore?: number,
  ) {
    super(`Braze ${kind} failure: ${summary}`);
    this.name = "BrazeError";
  }
}
