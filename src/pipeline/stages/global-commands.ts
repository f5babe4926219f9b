// Stage 1: STOP, START and RESET, before anything else, and the opt-out gate. A command handles everything
// before it in the burst: a STOP drops the questions sent just before it (answering them after the customer
// opted out would be the compliance problem), a RESET drops them with the context. None reaches the model.
import { type CommandMatch, matchCommand } from "../../i18n/commands";
import type { Language } from "../../i18n/languages";
import type { MessageOutcome, Stage, StageResult, Turn, TurnAction, TurnMessage } from "../types";

/**
 * A START this soon after the START that opted the customer back in is taken for a Braze retry of it (the
 * guide's body has no message_id to tell, and docs/delivery.md lets STOP and START past the dedupe): settled
 * without a word, so a retried START confirms once and never reaches the model. Braze's retries of one webhook
 * span about 30 minutes.
 */
export const START_REPEAT_WINDOW_MS = 30 * 60 * 1000;

export const globalCommandsStage: Stage = {
  name: "global-commands",
  run(turn: Turn): StageResult {
    const actions: TurnAction[] = [];
    let optedOut = turn.view.optedOut;
    let optedInAt = turn.view.optedInAt;
    let waiting: TurnMessage[] = []; // messages since the last command, not handled yet
    for (const message of turn.messages) {
      const match = matchCommand(message.text);
      if (match?.command === "start" && !optedOut && isRepeat(message, optedInAt)) {
        actions.push(settle([message], "command"));
        continue;
      }
      // START only reverses our own opt-out: from anyone else "start" is an ordinary word ("start", "iniciar",
      // "시작"...), and subscribing an unknown number is the operator's consent decision, not the bot's.
      if (!match || (match.command === "start" && !optedOut)) {
        waiting.push(message);
        continue;
      }
      const language = commandLanguage(match, turn.view.language);
      if (match.command === "start") {
        waiting = settleAll(actions, waiting, "opted_out");
        actions.push(settle([message], "command"), ...start(language));
        optedOut = false;
        optedInAt = message.receivedAt;
      } else {
        waiting = settleAll(actions, waiting, optedOut ? "opted_out" : "superseded");
        actions.push(settle([message], "command"));
        actions.push(...(match.command === "stop" ? stop(optedOut, language) : reset(optedOut, language)));
        if (match.command === "stop") optedOut = true;
      }
    }
    if (optedOut) {
      settleAll(actions, waiting, "opted_out");
      return { kind: "stop", actions };
    }
    return { kind: "pass", actions, remaining: waiting };
  },
};

/** Confirm once, then unsubscribe: Braze suppresses messages to unsubscribed customers, so the order matters. */
function stop(alreadyOptedOut: boolean, language: Language): TurnAction[] {
  if (alreadyOptedOut) return []; // confirmed the first time; stay silent
  return [
    { type: "cancel_pending", reason: "customer sent STOP" },
    { type: "end_flow", reason: "customer sent STOP" },
    { type: "set_opted_out", optedOut: true },
    { type: "catalog_reply", key: "stopConfirmed", language },
    { type: "set_subscription", state: "unsubscribed" },
  ];
}

/** Re-subscribe first, then confirm (delivery waits for Braze to apply the change before the confirmation). */
function start(language: Language): TurnAction[] {
  return [
    { type: "set_opted_out", optedOut: false },
    { type: "set_subscription", state: "subscribed" },
    { type: "catalog_reply", key: "startConfirmed", language },
  ];
}

function reset(optedOut: boolean, language: Language): TurnAction[] {
  const actions: TurnAction[] = [{ type: "clear_context" }];
  if (!optedOut) actions.push({ type: "catalog_reply", key: "resetConfirmed", language });
  return actions;
}

function isRepeat(message: TurnMessage, optedInAt: number | undefined): boolean {
  return optedInAt !== undefined && message.receivedAt - optedInAt < START_REPEAT_WINDOW_MS;
}

/** The language of the confirmation: the customer's, if the keyword is theirs; else the keyword's own. */
function commandLanguage(match: CommandMatch, customerLanguage: Language): Language {
  if (match.languages.includes(customerLanguage)) return customerLanguage;
  return match.languages[0] ?? customerLanguage;
}

function settle(messages: TurnMessage[], outcome: MessageOutcome): TurnAction {
  return { type: "settle", seqs: messages.map((m) => m.seq), outcome };
}

function settleAll(actions: TurnAction[], messages: TurnMessage[], outcome: MessageOutcome): TurnMessage[] {
  if (messages.length > 0) actions.push(settle(messages, outcome));
  return [];
}
