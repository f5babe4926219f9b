// Applies the actions the turn pipeline decided, in order, as one atomic write (the caller does not await
// in between). Replies become outbox rows in WhatsApp format, split into parts; customer messages that a
// person or the assistant will see join the history.
import type { Config } from "../config";
import { applyHandoffRequest } from "../handoff/transitions";
import { noteReplyHelpfulness } from "../handoff/unhelpful";
import type { Language } from "../i18n/languages";
import { type TextKey, text } from "../i18n/texts";
import { type LogFields, log } from "../log";
import type { MessageOutcome, TurnAction } from "../pipeline/types";
import { markdownToWhatsApp } from "../whatsapp/markdown";
import { allowedByConfig } from "./chat-facts";
import { readModelTokens } from "./conversation-facts";
import { clearFlowState, saveFlowState } from "./flow-state";
import { queueMessage as queueParts } from "./queue-message";
import { planReplyParts } from "./reply-parts";
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
  /** The customer's language this turn (the numbered-choices hint when buttons go as text). */
  language: Language = "en",
): AppliedTurn {
  const result: AppliedTurn = { queued: 0, settled: 0 };
  const queueMessage = (
    body: string,
    kind: "bot_reply" | "compliance_notice",
    historyId: number | null = null,
    buttons?: readonly string[],
  ) => {
    const parts = planReplyParts(body, buttons, config, language, logFields);
    result.queued += queueParts(stores, { kind, campaignId: config.braze.replyCampaignId, body, at, historyId, parts });
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
        noteReplyHelpfulness(stores, action);
        queueMessage(body, "bot_reply", stores.history.add("assistant", body, at), action.buttons);
        break;
      }
      case "catalog_reply": {
        const body = text(action.key, action.language);
        const notice = action.key === "stopConfirmed";
        noteReplyHelpfulness(stores, action);
        const historyId = COMMAND_CONFIRMATIONS.has(action.key) ? null : stores.history.add("assistant", body, at);
        queueMessage(body, notice ? "compliance_notice" : "bot_reply", historyId);
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
        else {
          stores.meta.delete("opted_out");
          stores.meta.set("opted_in_at", at);
        }
        log("info", action.optedOut ? "customer.opted_out" : "customer.opted_in", logFields);
        break;
      case "clear_context":
        stores.history.clear();
        clearFlowState(stores);
        stores.meta.delete("summary");
        stores.meta.delete("summary_through_at");
        stores.meta.delete("unhelpful_turns");
        log("info", "conversation.reset", logFields);
        break;
      case "end_flow":
        log("info", "flow.ended", { ...logFields, flow: stores.meta.get("active_flow"), reason: action.reason });
        clearFlowState(stores);
        break;
      case "flow_state":
        saveFlowState(stores, action.state);
        log("info", "flow.waiting", { ...logFields, flow: action.state.flowId, step: action.state.step });
        break;
      case "update_profile": {
        const { queued, rejected } = stores.profileUpdates.queue(allowedByConfig(action, config), at);
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
        // Stored, logged and written to the Braze profile in src/handoff/transitions.ts; the customer is told
        // once per waiting period.
        if (applyHandoffRequest(stores, action, config, at, logFields)) {
          const body = text("handoff", action.language);
          queueMessage(body, "bot_reply", stores.history.add("assistant", body, at));
        }
        break;
    }
  }
  return result;
}
