// Delivers the outbox to Braze, one part at a time in order, with the guarantees of docs/delivery.md:
//  - a part is marked "sending" before the call (durable before the request leaves, thanks to the output
//    gate), so a retry after any failure never re-sends a part Braze confirmed;
//  - retryable failures wait with backoff (or until X-RateLimit-Reset) for as long as an outage lasts;
//  - ambiguous failures (the request may have reached Braze) are resent: the chosen at-least-once policy,
//    after BRAZE_AMBIGUOUS_RETRY_MS rather than the short backoff (each resend may be a duplicate);
//  - permanent failures become dead letters, replayable once the configuration is fixed;
//  - nothing is sent free-form once the customer's last message is more than 24 hours old: bot and agent
//    replies are held (with one re-engagement template, if configured) until the customer writes again;
//  - nothing but the STOP/START notices goes to a customer who opted out, and a STOP waiting for its turn
//    holds the assistant's replies until the turn cancels them;
//  - two messages to one customer are at least SEND_SPACING_MS apart, so their phone shows them in order;
//  - pending chat-fact attributes ride on a reply's own trigger/send (src/conversation/profile-ride.ts).
import { z } from "zod";
import type { BrazeClient } from "../braze/client";
import { BrazeError } from "../braze/errors";
import type { Recipient } from "../braze/schemas";
import type { Config } from "../config";
import { describeError, type LogFields, log } from "../log";
import { ambiguousWaitMs, retryDelayMs } from "./backoff";
import { CONVERSATION_KINDS, isMessage, type OutboxRow } from "./outbox";
import { type Ride, releaseUnriddenAttributes, rideFor } from "./profile-ride";
import type { ConversationStores } from "./stores";
import { stopPending } from "./turn";

/** WhatsApp accepts free-form replies only within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface DeliveryContext {
  stores: ConversationStores;
  braze: BrazeClient;
  config: Config;
  now: () => number;
  logFields: LogFields;
  onDeadLetter: () => Promise<void>;
}

export type DeliveryOutcome = { kind: "drained" } | { kind: "waiting"; until: number } | { kind: "moved" };

export async function deliverOutbox(ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const outcome = await deliverInOrder(ctx);
  releaseUnriddenAttributes(ctx.stores, ctx.now());
  return outcome;
}

async function deliverInOrder(ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const { stores } = ctx;
  for (;;) {
    if (stores.meta.get("moved_to")) return { kind: "moved" };
    const head = stores.outbox.head();
    if (!head) return { kind: "drained" };
    const now = ctx.now();
    const overtaking = head.not_before > now ? overtakingSubscriptionChange(stores, head) : undefined;
    const row = head.not_before <= now ? head : overtaking && overtaking.not_before <= now ? overtaking : undefined;
    if (!row) return { kind: "waiting", until: Math.min(head.not_before, overtaking?.not_before ?? head.not_before) };
    const superseded = supersededByOptOut(stores, row);
    if (superseded) {
      stores.outbox.settle(row.id, "cancelled", superseded);
      log("info", "outbox.cancelled", { ...ctx.logFields, outboxId: row.id, reason: superseded });
      continue;
    }
    if (row.kind !== "compliance_notice" && isMessage(row) && stopPending(stores)) {
      // The turn runs before delivery when both are due; it will cancel this reply. Wait for it, not spin.
      return { kind: "waiting", until: Math.max(now, stores.timers.get("turn")?.due_at ?? now) };
    }
    if (isMessage(row)) {
      const spacedUntil = (stores.outbox.lastMessageSentAt() ?? 0) + ctx.config.sendSpacingMs;
      if (spacedUntil > now) return { kind: "waiting", until: spacedUntil };
    }

    const lastCustomerMessage = stores.meta.getNumber("last_customer_message_at") ?? row.created_at;
    if (isMessage(row) && row.kind !== "reengagement" && now - lastCustomerMessage > WHATSAPP_WINDOW_MS) {
      parkOutsideWindow(ctx, row, lastCustomerMessage, now);
      continue;
    }

    const recipient = currentRecipient(stores);
    if (!recipient) {
      stores.outbox.settle(row.id, "dead", "no external_id or phone to send to");
      await ctx.onDeadLetter();
      continue;
    }
    if (row.state === "sending") {
      resumeInterruptedSend(ctx, row, now);
      continue;
    }
    // A failed row is rescheduled in the future; looking again lets a subscription change overtake it.
    await sendPart(ctx, row, recipient);
  }
}

/** Sends one row; a failure settles it (dead) or reschedules it (retry) for the delivery loop to look again. */
async function sendPart(ctx: DeliveryContext, row: OutboxRow, recipient: Recipient): Promise<void> {
  const { stores, config } = ctx;
  const started = ctx.now();
  stores.outbox.markSending(row.id, started);
  const fields = { ...ctx.logFields, outboxId: row.id, part: row.part, parts: row.parts, attempt: row.attempts + 1 };
  try {
    const { dispatchId, rode } = await callBrazeWithRide(ctx, row, recipient, fields);
    stores.outbox.markSent(row.id, dispatchId, ctx.now());
    if (rode) stores.profileUpdates.markSent(rode.ids, ctx.now());
    if (row.kind === "subscription_change" && row.text === "subscribed") {
      // Braze takes up to a minute to apply it; a message sent sooner may be suppressed as unsubscribed.
      stores.outbox.postponePending(ctx.now() + config.subscriptionSettleMs);
    }
    log("info", "outbox.sent", {
      ...fields,
      latencyMs: ctx.now() - started,
      dispatchId,
      sinceCreatedMs: ctx.now() - row.created_at,
      ...(row.buttons ? { buttons: true } : {}),
      ...(rode ? { attributes: Object.keys(rode.attributes).join(",") } : {}),
    });
  } catch (error) {
    if (!(error instanceof BrazeError)) throw error;
    if (error.kind === "permanent") {
      stores.outbox.settle(row.id, "dead", error.summary);
      log("error", "outbox.dead_letter", { ...fields, status: error.status, error: error.summary });
      await ctx.onDeadLetter();
      return;
    }
    const now = ctx.now();
    const ambiguous = error.kind === "ambiguous";
    const attempts = { attempts: row.attempts + 1, ambiguousAttempts: row.ambiguous_attempts + 1, ambiguous };
    const notBefore = Math.max(now + retryDelayMs(attempts, config), error.retryNotBefore ?? 0);
    stores.outbox.reschedule(row.id, notBefore, error.summary, ambiguous);
    log("warn", ambiguous ? "outbox.ambiguous_retry" : "outbox.retry", {
      ...fields,
      status: error.status,
      error: describeError(error),
      retryInMs: notBefore - now,
    });
  }
}

/**
 * A part still "sending" when delivery starts: the previous attempt ended with no answer recorded (the runtime
 * stopped mid-call, or the conversation moved mid-call), so Braze may have acted on it. It is resent like a
 * timed-out attempt: BRAZE_TIMEOUT_MS plus the ambiguous wait after that attempt started (kept in not_before).
 */
function resumeInterruptedSend(ctx: DeliveryContext, row: OutboxRow, now: number): void {
  const { config } = ctx;
  const wait = config.brazeTimeoutMs + ambiguousWaitMs(row.ambiguous_attempts + 1, config);
  const notBefore = Math.max(now, row.not_before + wait);
  ctx.stores.outbox.reschedule(row.id, notBefore, "no answer recorded: the runtime stopped mid-call", true);
  log("warn", "outbox.ambiguous_resend", {
    ...ctx.logFields,
    outboxId: row.id,
    attempts: row.attempts,
    retryInMs: notBefore - now,
  });
}

/**
 * A free-form message past the 24-hour window: a bot or agent reply is held until the customer writes again
 * (src/conversation/conversation.ts receive releases it) and, once per closed window, the re-engagement
 * template asks them to; the STOP notice, which belongs to that moment only, expires.
 */
function parkOutsideWindow(ctx: DeliveryContext, row: OutboxRow, lastCustomerMessage: number, now: number): void {
  const { stores, config } = ctx;
  const fields = {
    ...ctx.logFields,
    outboxId: row.id,
    kind: row.kind,
    hoursSinceCustomer: Math.round((now - lastCustomerMessage) / 3_600_000),
  };
  if (!CONVERSATION_KINDS.has(row.kind)) {
    stores.outbox.settle(row.id, "expired", "24-hour window closed");
    log("warn", "outbox.expired", fields);
    return;
  }
  stores.outbox.settle(row.id, "held", "24-hour window closed; waiting for the customer to write");
  log("warn", "outbox.held", fields);
  const template = config.braze.templateCampaignId;
  if (template && !stores.outbox.reengagementSince(lastCustomerMessage)) {
    stores.outbox.add(
      { kind: "reengagement", campaignId: template, text: "", part: 1, parts: 1, notBefore: now, answersSeq: null },
      now,
    );
    log("info", "outbox.reengagement_queued", ctx.logFields);
  }
}

/**
 * Why a row must no longer go out given the customer's current opt-out state (also for a row left "sending"
 * by a dead instance, or replayed from the dead letters): only the STOP notice and the unsubscribe belong
 * to an opted-out customer, and neither belongs to a subscribed one.
 */
function supersededByOptOut(stores: ConversationStores, row: OutboxRow): string | undefined {
  const optedOut = stores.meta.get("opted_out") !== undefined;
  if ((CONVERSATION_KINDS.has(row.kind) || row.kind === "reengagement") && optedOut) return "customer opted out";
  if (row.kind === "compliance_notice" && !optedOut) return "customer opted in again";
  if (row.kind === "subscription_change" && (row.text === "unsubscribed") !== optedOut) {
    return "superseded by a later opt-in or opt-out";
  }
  return undefined;
}

/**
 * A subscription change may overtake a message that already failed and waits for a retry (a rate-limited
 * STOP confirmation): keeping an opted-out customer from Braze's other campaigns beats confirming first.
 */
function overtakingSubscriptionChange(stores: ConversationStores, head: OutboxRow): OutboxRow | undefined {
  if (head.kind === "subscription_change" || head.attempts === 0) return undefined;
  return stores.outbox.nextSubscriptionChange();
}

/**
 * Sends the row with the pending chat-fact attributes riding along. Braze answers a fatal 4xx without sending
 * anything (docs/delivery.md), and such a 400 may be the attributes' fault: the reply is then sent once more
 * at once without them, which cannot duplicate it, and the attributes are left to /users/track. A reply is
 * never lost or delayed for a profile update.
 */
async function callBrazeWithRide(
  ctx: DeliveryContext,
  row: OutboxRow,
  recipient: Recipient,
  fields: LogFields,
): Promise<{ dispatchId?: string; rode?: Ride }> {
  const ride = rideFor(ctx.stores, row, recipient);
  try {
    return { ...(await callBraze(ctx, row, recipient, ride?.attributes)), rode: ride };
  } catch (error) {
    if (!ride || !(error instanceof BrazeError) || error.kind !== "permanent" || error.status !== 400) throw error;
    log("warn", "outbox.attributes_refused", { ...fields, status: error.status, error: error.summary });
    return callBraze(ctx, row, recipient, undefined);
  }
}

function callBraze(
  ctx: DeliveryContext,
  row: OutboxRow,
  recipient: Recipient,
  attributes: Record<string, unknown> | undefined,
): Promise<{ dispatchId?: string }> {
  if (row.kind !== "subscription_change") {
    const buttons = storedButtons(row);
    return ctx.braze.triggerSend({ campaignId: row.campaign_id, recipient, text: row.text, buttons, attributes });
  }
  const state = row.text === "subscribed" ? "subscribed" : "unsubscribed";
  return ctx.braze.setSubscription(row.campaign_id, state, recipient).then(() => ({}));
}

const StoredButtons = z.array(z.string()).min(1);

/** The row's quick-reply labels; unreadable ones make the row a dead letter rather than a broken layout. */
function storedButtons(row: OutboxRow): string[] | undefined {
  if (row.buttons === null || row.buttons === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(row.buttons);
  } catch {
    raw = undefined;
  }
  const parsed = StoredButtons.safeParse(raw);
  if (!parsed.success) throw new BrazeError("permanent", "stored quick-reply buttons are unreadable");
  return parsed.data;
}

export function currentRecipient(stores: ConversationStores): Recipient | undefined {
  const externalId = stores.meta.get("external_id");
  if (externalId) return { externalUserId: externalId };
  const phone = stores.meta.get("phone");
  return phone ? { phoneAlias: phone } : undefined;
}
