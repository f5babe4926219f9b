// Sends the queued profile updates (src/conversation/profile-updates.ts) to Braze /users/track, on the
// "profile" timer, apart from the outbox: its failures and retries never touch a reply.
import type { BrazeClient } from "../braze/client";
import { BrazeError } from "../braze/errors";
import type { Config } from "../config";
import { describeError, type LogFields, log } from "../log";
import { backoffDelayMs } from "./backoff";
import { currentRecipient } from "./delivery";
import { attributesWaitUntil } from "./profile-ride";
import type { ConversationStores } from "./stores";

export type ProfileDeliveryOutcome = { kind: "drained" } | { kind: "waiting"; until: number };

export async function deliverProfileUpdates(ctx: {
  stores: ConversationStores;
  braze: BrazeClient;
  config: Config;
  now: () => number;
  logFields: LogFields;
}): Promise<ProfileDeliveryOutcome> {
  const { stores, config } = ctx;
  for (;;) {
    if (stores.meta.get("moved_to")) return { kind: "drained" };
    const now = ctx.now();
    const recipient = currentRecipient(stores);
    // Attributes wait (briefly) for a queued reply to carry them; events go now (src/conversation/profile-ride.ts).
    const rideUntil = recipient ? attributesWaitUntil(stores, recipient, now) : undefined;
    const batch = stores.profileUpdates.nextBatch({ attributes: rideUntil === undefined });
    if (!batch) return rideUntil === undefined ? { kind: "drained" } : { kind: "waiting", until: rideUntil };
    if (batch.notBefore > now) return { kind: "waiting", until: Math.min(batch.notBefore, rideUntil ?? Infinity) };
    const attributeKeys = Object.keys(batch.attributes);
    if (!recipient) {
      stores.profileUpdates.markDead(batch.ids, attributeKeys, "no external_id or phone");
      continue;
    }
    const fields = { ...ctx.logFields, attributes: attributeKeys.join(","), events: batch.events.length };
    try {
      await ctx.braze.trackUser(recipient, {
        ...(attributeKeys.length > 0 ? { attributes: batch.attributes } : {}),
        events: batch.events,
      });
      stores.profileUpdates.markSent(batch.ids, ctx.now());
      log("info", "profile.updated", fields);
    } catch (error) {
      if (!(error instanceof BrazeError)) throw error;
      if (error.kind === "permanent") {
        stores.profileUpdates.markDead(batch.ids, attributeKeys, error.summary);
        log("error", "profile.update_failed", { ...fields, status: error.status, error: error.summary });
        continue;
      }
      // Ambiguous failures are resent too: attributes are absolute values, so a repeat changes nothing.
      const notBefore = Math.max(
        now + backoffDelayMs(batch.attempts + 1, config.retryBaseMs, config.retryMaxMs),
        error.retryNotBefore ?? 0,
      );
      stores.profileUpdates.reschedule(batch.ids, notBefore, error.summary);
      log("warn", "profile.update_retry", { ...fields, status: error.status, error: describeError(error) });
      return { kind: "waiting", until: notBefore };
    }
  }
}
