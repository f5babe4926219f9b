// From parsed webhook fields to the InboundMessage the conversation stores. Lenient by design: only a body
// with no way to answer (no user id and no phone) is refused; a wrong-typed or over-long optional field is
// dropped with a warning and the message is kept, because Braze drops a 4xx for good.
import { z } from "zod";
import type { BodyFields } from "./parse-body";
import { readProfileFields } from "./profile-fields";

/** Limits for optional fields; real WhatsApp traffic stays far below them (README "Webhook body"). */
export const FIELD_LIMITS = {
  id: 512,
  profileName: 256,
  mediaUrls: 10,
  mediaUrl: 2048,
  language: 35,
  profileJson: 8192,
} as const;

export interface CustomerIdentity {
  /** Braze external_id; blank in Braze for numbers it does not know yet. */
  externalId?: string;
  /** The phone as Braze rendered it; also the alias_name of Braze's "phone" alias for unknown numbers. */
  phone?: string;
  brazeId?: string;
}

export interface InboundMessage {
  identity: CustomerIdentity;
  text: string;
  mediaUrls: string[];
  /** The webhook's per-send id (the README recommends `{{campaign.${dispatch_id}}}`), if the body has one. */
  messageId?: string;
  profileName?: string;
  language?: string;
  /** Validated profile fields (src/webhook/profile-fields.ts); never identifiers or contact details. */
  profile?: Record<string, string>;
  /** When Braze rendered the webhook (epoch ms), if the body says; bounds the 24-hour window. */
  sentAt?: number;
}

export type InboundResult =
  | { ok: true; message: InboundMessage; warnings: string[] }
  | { ok: false; problem: string; field: string };

const scalarText = z.union([z.string(), z.number(), z.bigint()]).transform((v) => String(v).trim());

export function toInboundMessage(fields: BodyFields): InboundResult {
  const warnings: string[] = [];
  const optionalText = (key: string, max: number): string | undefined => {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    const parsed = scalarText.safeParse(value);
    if (!parsed.success) {
      warnings.push(`${key} dropped: expected a string`);
      return undefined;
    }
    if (parsed.data.length > max) {
      warnings.push(`${key} dropped: longer than ${max} characters`);
      return undefined;
    }
    return parsed.data === "" ? undefined : parsed.data;
  };

  const externalId = optionalText("user_id", FIELD_LIMITS.id);
  const phone = optionalText("phone_number", 64);
  if (!externalId && (!phone || normalizePhone(phone) === "")) {
    const field = fields.user_id === undefined && fields.phone_number === undefined ? "user_id" : "phone_number";
    return { ok: false, field, problem: "no user_id and no phone_number: there is nobody to answer" };
  }

  const message: InboundMessage = {
    identity: { externalId, phone, brazeId: optionalText("braze_id", FIELD_LIMITS.id) },
    text: readMessageText(fields.message, warnings),
    mediaUrls: readMediaUrls(fields.media_urls, warnings),
    messageId: optionalText("message_id", FIELD_LIMITS.id),
    profileName: optionalText("profile_name", FIELD_LIMITS.profileName),
    language: optionalText("language", FIELD_LIMITS.language),
    profile: readBoundedProfile(fields.profile, warnings),
    sentAt: readTimestamp(fields.sent_at, warnings),
  };
  return { ok: true, message, warnings };
}

/** Digits only: "+1 (415) 555-0123" and "14155550123" are one customer. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, "");
}

function readMessageText(value: unknown, warnings: string[]): string {
  if (value === undefined || value === null) return "";
  // A lone surrogate (from an escaped "\ud800") becomes one U+FFFD, as any UTF-8 store would show it.
  if (typeof value === "string") return value.toWellFormed();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  warnings.push("message dropped: expected a string");
  return "";
}

function readMediaUrls(value: unknown, warnings: string[]): string[] {
  if (value === undefined || value === null || value === "") return [];
  // Liquid renders an array either as JSON (unquoted) or as one string of URLs.
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : null;
  if (!items) {
    warnings.push("media_urls dropped: expected an array or a string");
    return [];
  }
  const urls = items.filter((u): u is string => typeof u === "string" && /^https?:\/\//.test(u));
  const kept = urls.filter((u) => u.length <= FIELD_LIMITS.mediaUrl).slice(0, FIELD_LIMITS.mediaUrls);
  if (kept.length < items.filter((u) => u !== "").length) warnings.push("media_urls: some entries dropped");
  return kept;
}

function readBoundedProfile(value: unknown, warnings: string[]): Record<string, string> | undefined {
  if (value !== undefined && value !== null && JSON.stringify(value).length > FIELD_LIMITS.profileJson) {
    warnings.push(`profile dropped: larger than ${FIELD_LIMITS.profileJson} characters`);
    return undefined;
  }
  return readProfileFields(value, warnings);
}

/**
 * The sane range for `sent_at` around now. Out of range, the value is dropped (arrival time is used instead),
 * not clamped: clamping -1e20 to the oldest allowed time would still close WhatsApp's 24-hour window and park
 * the reply, which is the bug this bound fixes. 48 hours back: Braze retries a webhook for up to 24 hours, so a
 * real render time up to a day old (or a little more) must stay as it is, and the reply to it stay parked; older
 * is a template or clock error. 5 minutes ahead: clock skew; later is an error (receive() ignores the future anyway).
 */
export const SENT_AT_BOUNDS = { pastMs: 48 * 60 * 60 * 1000, futureMs: 5 * 60 * 1000 } as const;

function readTimestamp(value: unknown, warnings: string[], now = Date.now()): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const asNumber = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  // Liquid's `date: '%s'` gives epoch seconds; accept milliseconds and ISO 8601 too.
  const ms = Number.isFinite(asNumber)
    ? asNumber < 1e12
      ? asNumber * 1000
      : asNumber
    : typeof value === "string"
      ? Date.parse(value)
      : Number.NaN;
  if (!Number.isFinite(ms)) {
    warnings.push("sent_at dropped: not a timestamp");
    return undefined;
  }
  if (ms < now - SENT_AT_BOUNDS.pastMs || ms > now + SENT_AT_BOUNDS.futureMs) {
    warnings.push("sent_at dropped: outside the last 48 hours to 5 minutes ahead");
    return undefined;
  }
  return ms;
}
