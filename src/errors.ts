// The error family and the one JSON error envelope every route answers with:
// {"error":{"code":"...","message":"..."}}. Internal details go to logs, never to a client.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ErrorEnvelope {
  error: { code: string; message: string; field?: string };
}

/** An error whose code, status and message are safe to show to the caller. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly publicMessage: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(publicMessage, options);
    this.name = "AppError";
  }

  toEnvelope(): ErrorEnvelope {
    return { error: { code: this.code, message: this.publicMessage, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** 400: the request can never succeed, so Braze must not retry it. */
export const invalidPayload = (message: string, field?: string) => new AppError(400, "invalid_payload", message, field);

/** 503: transient trouble; Braze retries 5xx, so the message is not lost. */
export const temporarilyUnavailable = (message: string, cause?: unknown) =>
  new AppError(503, "temporarily_unavailable", message, undefined, { cause });
