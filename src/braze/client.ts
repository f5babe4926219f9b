// The Braze REST client: the only code that talks to Braze. Every call goes through request(), which adds
// the auth header and a timeout, checks the response with zod and turns every failure into a BrazeError.
import type { z } from "zod";
import { describeError, log } from "../log";
import { withTimeout } from "../timeout";
import { buttonProperties, checkButtons } from "./buttons";
import { maskBrazeErrorText } from "./error-text";
import { BrazeError } from "./errors";
import {
  BrazeResponse,
  profileIdentifier,
  type Recipient,
  recipientIdentifier,
  TriggerSendResponse,
  UsersTrackResponse,
} from "./schemas";

/** Sends one JSON body to a Braze REST path; the local sink implements it without a network. */
export type BrazeTransport = (path: string, body: string, signal: AbortSignal) => Promise<Response>;

export function restTransport(endpoint: string, apiKey: string): BrazeTransport {
  return (path, body, signal) =>
    fetch(`${endpoint}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body,
      signal,
    });
}

export interface TriggerSendInput {
  campaignId: string;
  recipient: Recipient;
  /** Rendered by the campaign's Liquid as {{api_trigger_properties.${external_system_msg_body}}}. */
  text: string;
  /** Quick-reply labels, rendered by a button campaign as {{api_trigger_properties.${button_1}}}... */
  buttons?: readonly string[];
  /** Custom attributes Braze applies to the profile before sending (the recipient's `attributes` object). */
  attributes?: Record<string, unknown>;
}

export class BrazeClient {
  constructor(
    private readonly transport: BrazeTransport,
    private readonly timeoutMs: number,
    /** Values that must never appear in an error summary, even if Braze echoes them (the API key). */
    private readonly secrets: string[] = [],
  ) {}

  /** Braze's error text ("Invalid Campaign ID") for the logs, masked (src/braze/error-text.ts). */
  private redact(upstream: string): string {
    return maskBrazeErrorText(upstream, this.secrets);
  }

  /** POST /campaigns/trigger/send for one recipient; resolves with Braze's dispatch_id. */
  async triggerSend(input: TriggerSendInput): Promise<{ dispatchId: string | undefined }> {
    const properties: Record<string, string> = { external_system_msg_body: input.text };
    if (input.buttons) {
      // Last line of defence: a layout WhatsApp would refuse is never sent (the reply planner checked already).
      const checked = checkButtons(input.buttons);
      if (!checked.ok) throw new BrazeError("permanent", `invalid quick-reply buttons: ${checked.why}`);
      Object.assign(properties, buttonProperties(checked.labels));
    }
    const attributes = input.attributes && Object.keys(input.attributes).length > 0 ? input.attributes : undefined;
    const body = {
      campaign_id: input.campaignId,
      recipients: [
        {
          ...recipientIdentifier(input.recipient),
          trigger_properties: properties,
          ...(attributes ? { attributes } : {}),
        },
      ],
    };
    const response = await this.request("/campaigns/trigger/send", body, TriggerSendResponse);
    return { dispatchId: response.dispatch_id };
  }

  /** POST /users/track: custom attributes and events on one profile. */
  async trackUser(
    recipient: Recipient,
    update: { attributes?: Record<string, unknown>; events?: { name: string; properties?: object; time?: number }[] },
  ): Promise<void> {
    const identifier = profileIdentifier(recipient);
    const now = Date.now();
    await this.request(
      "/users/track",
      {
        attributes: update.attributes ? [{ ...identifier, ...update.attributes }] : [],
        events: (update.events ?? []).map((e) => ({
          ...identifier,
          name: e.name,
          time: new Date(e.time ?? now).toISOString(),
          properties: e.properties,
        })),
      },
      UsersTrackResponse,
    );
  }

  /**
   * POST /v2/subscription/status/set for one customer (v2: Braze documents WhatsApp groups for it; the v1
   * page lists only email and SMS/RCS groups). Chosen over the `subscription_groups` attribute of
   * /users/track because: it needs only the narrow `subscription.status.set` permission; it takes the phone
   * number directly, so it works for alias-only customers (unknown numbers); a failure is the call's own
   * status, where /users/track answers "success" with per-item errors; and it has its own rate limit.
   */
  async setSubscription(groupId: string, state: "subscribed" | "unsubscribed", who: Recipient): Promise<void> {
    const identifier =
      "externalUserId" in who ? { external_ids: [who.externalUserId] } : { phones: [toE164(who.phoneAlias)] };
    await this.request(
      "/v2/subscription/status/set",
      { subscription_groups: [{ subscription_group_id: groupId, subscription_state: state, ...identifier }] },
      BrazeResponse,
    );
  }

  /** The one choke point: auth, timeout, classification, zod-checked response. */
  private async request<S extends typeof BrazeResponse>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      const sent = await withTimeout(this.timeoutMs, async (signal) => {
        const answer = await this.transport(path, JSON.stringify(body), signal);
        return { answer, text: await answer.text().catch(() => "") };
      });
      response = sent.answer;
      text = sent.text;
    } catch (error) {
      throw classifyNetworkError(error);
    }
    const parsed = schema.safeParse(safeJson(text));
    const latencyMs = Date.now() - started;
    if (response.ok) {
      if (!parsed.success) {
        // A 2xx means Braze accepted the request; an unexpected body must not trigger a resend.
        log("warn", "braze.unexpected_success_body", { path, status: response.status, latencyMs });
        return schema.parse({});
      }
      if (parsed.data.errors?.length) {
        log("warn", "braze.partial_errors", { path, status: response.status, errors: parsed.data.errors.length });
      }
      return parsed.data;
    }
    const summary = `${path} answered ${response.status}${parsed.success && parsed.data.message ? `: ${this.redact(parsed.data.message)}` : ""}`;
    if (response.status === 429) {
      throw new BrazeError("retryable", summary, 429, rateLimitResetMs(response.headers));
    }
    if (response.status === 408 || response.status >= 500) throw new BrazeError("retryable", summary, response.status);
    throw new BrazeError("permanent", summary, response.status);
  }
}

/** Braze wants E.164 here ("+" and digits); a number without "+" would be read as a US number. */
function toE164(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `+${digits}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** X-RateLimit-Reset is UTC epoch seconds (lower-case over HTTP/2; Headers are case-insensitive anyway). */
function rateLimitResetMs(headers: Headers): number | undefined {
  const reset = Number(headers.get("X-RateLimit-Reset"));
  if (Number.isFinite(reset) && reset > 0) return reset * 1000;
  const retryAfter = Number(headers.get("Retry-After"));
  return Number.isFinite(retryAfter) && retryAfter > 0 ? Date.now() + retryAfter * 1000 : undefined;
}

/**
 * A failure before any response. A refused or unresolvable connection never reached Braze; a timeout or a
 * connection lost mid-request may have, and only the caller's policy can decide what to do with it.
 */
function classifyNetworkError(error: unknown): BrazeError {
  const description = describeError(error);
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new BrazeError("ambiguous", `timed out: ${description}`);
  }
  if (/refused|ECONNREFUSED|ENOTFOUND|resolve|DNS|connect\(\)|getaddrinfo/i.test(description)) {
    return new BrazeError("retryable", `not connected: ${description}`);
  }
  return new BrazeError("ambiguous", `connection lost: ${description}`);
}
