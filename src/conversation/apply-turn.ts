// Applies the actions the turn pipeline decided, in order, as one atomic write (the caller does not await
// in between). Replies become outbox rows in WhatsApp format, split into parts; customer messages that a
// person or the assistant will see join the history.
import type { Config } from "../config";
import { type TextKey, text } from "../i18n/texts";
import { type LogFields, log } from "../log";
import type { MessageOutcome, TurnAction } from "../pipeline/types";
import { markdownToWhatsApp } from "../whatsapp/markdown";
import { splitMessage } from "../whatsapp/split-message";
import { readModelTokens } from "./conversation-facts";
import type { ConversationStores } from "./stores";

/** Confirmations of commands: not part of the conversation context (RESET's would survive its own reset). */
const COMMAND_CONFIRMATIONS: ReadonlySet<TextKey> = new Set(["stopConfirmed", "startConfirmed", "resetConfirmed"]);

/** Outcomes whose messages belong to the conversation context (commands and silenced words do not). */
const REMEMBERED: ReadonlySet<MessageOutcome> = new Set(["answered", "held_for_agent", "handed_off"]);

export interface AppliedTurn {
  /** Rows added to the outbox: delivery has work to do. */
  queued: number;
  settled: number;
}

export function applyTurn(
  stores: ConversationStores,
  actions: readonly TurnAction[],
  config: Config,
  at: number,
  logFields: LogFields,
): AppliedTurn {
  const result: AppliedTurn = { queued: 0, settled: 0 };
  const queueMessage = (body: string, kind: "bot_reply" | "compliance_notice") => {
    const parts = splitMessage(body);
    for (const [index, part] of parts.entries()) {
      stores.outbox.add(
        {
          kind,
          campaignId: config.braze.replyCampaignId,
          text: part,
          part: index + 1,
          parts: parts.length,
          notBefore: at,
          answersSeq: null,
        },
        at,
      );
    }
    result.queued += parts.length;
  };

  for (const action of actions) {
    switch (action.type) {
      case "settle": {
        const settled = stores.inbox.settle(action.seqs, action.outcome);
        result.settled += settled.length;
        if (REMEMBERED.has(action.outcome)) {
          for (const m of settled) stores.history.add("customer", m.text || "[media]", m.received_at);
        }
        break;
      }
      case "reply": {
        const body = action.format === "markdown" ? markdownToWhatsApp(action.text) : action.text.trim();
        if (body === "") break;
        stores.history.add("assistant", body, at);
        queueMessage(body, "bot_reply");
        break;
      }
      case "catalog_reply": {
        const body = text(action.key, action.language);
        const notice = action.key === "stopConfirmed";
        if (!COMMAND_CONFIRMATIONS.has(action.key)) stores.history.add("assistant", body, at);
        queueMessage(body, notice ? "compliance_notice" : "bot_reply");
        break;
      }
      case "cancel_pending": {
        const cancelled = stores.outbox.cancelPending(action.reason);
        if (cancelled > 0) log("info", "outbox.cancelled", { ...logFields, count: cancelled, reason: action.reason });
        break;
      }
      case "set_subscription":
        stores.outbox.add(
          {
            kind: "subscription_change",
            campaignId: config.braze.subscriptionGroupId,
            text: action.state,
            part: 1,
            parts: 1,
            notBefore: at,
            answersSeq: null,
          },
          at,
        );
        result.queued += 1;
        break;
      case "set_opted_out":
        if (action.optedOut) stores.meta.set("opted_out", at);
        else stores.meta.delete("opted_out");
        log("info", action.optedOut ? "customer.opted_out" : "customer.opted_in", logFields);
        break;
      case "clear_context":
        stores.history.clear();
        stores.meta.delete("active_flow");
        stores.meta.delete("summary");
        stores.meta.delete("summary_through_at");
        log("info", "conversation.reset", logFields);
        break;
      case "end_flow":
        stores.meta.delete("active_flow");
        log("info", "flow.ended", { ...logFields, reason: action.reason });
        break;
      case "update_profile": {
        const { queued, rejected } = stores.profileUpdates.queue(action, at);
        if (queued) stores.timers.setNoLaterThan("profile", at);
        if (rejected.length > 0) log("warn", "profile.keys_rejected", { ...logFields, keys: rejected.join(",") });
        break;
      }
      case "set_summary":
        stores.meta.set("summary", action.text);
        stores.meta.set("summary_through_at", action.throughAt);
        break;
      case "add_model_tokens": {
        const used = readModelTokens(stores.meta.get("model_tokens"));
        const tokens = (used?.day === action.day ? used.tokens : 0) + action.tokens;
        stores.meta.set("model_tokens", JSON.stringify({ day: action.day, tokens }));
        break;
      }
      case "handoff":
        stores.meta.set("chat_status", "waiting");
        stores.meta.set("handoff_reason", action.reason);
        stores.meta.set("handoff_requested_at", at);
        queueMessage(text("handoff", action.language), "bot_reply");
        log("info", "handoff.requested", { ...logFields, reason: action.reason });
        break;
    }
  }
  return result;
}
