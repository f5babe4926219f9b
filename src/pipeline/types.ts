// The shapes every turn-pipeline stage shares. A stage reads the turn and returns a decision plus the actions
// it wants; it never writes storage itself. The conversation applies all actions of a turn in one atomic
// commit (src/conversation/apply-turn.ts), so a crash mid-turn leaves nothing half done.
import type { ChatModel } from "../ai/model";
import type { Config } from "../config";
import type { HistoryTurn } from "../conversation/history";
import type { Language } from "../i18n/languages";
import type { TextKey } from "../i18n/texts";

/** One stored customer message being handled in this turn. */
export interface TurnMessage {
  seq: number;
  text: string;
  mediaCount: number;
  receivedAt: number;
  /** Set when the message came in on /webhooks/whatsapp/<flow-id>: start that flow. */
  startFlow?: string;
}

/**
 * Who holds the conversation: the bot, or a person (waiting for one, or claimed by one). "closed": a person
 * resolved it; the bot answers the customer's next message (docs/handoff.md).
 */
export type ChatStatus = "bot" | "waiting" | "agent" | "closed";

/** What a stage may read about the conversation. */
export interface ConversationView {
  optedOut: boolean;
  /** When START last opted the customer back in, if it did. */
  optedInAt?: number;
  chatStatus: ChatStatus;
  activeFlow: string | undefined;
  /** Where the customer is in that flow (src/flows); absent when in none. */
  flow?: ActiveFlowState;
  /** The customer's language for this turn: profile field, else detected, else the last one used, else English. */
  language: Language;
  /** Earlier turns, oldest first (the model provider bounds them again by its token budget). */
  history(limit: number): HistoryTurn[];
  /** Consecutive earlier turns the bot could not help with (HANDOFF_AFTER_UNHELPFUL_TURNS). */
  unhelpfulTurns?: number;
  /** Profile fields from the latest webhook that had them (validated; never phone or ids). */
  profile?: Readonly<Record<string, string>>;
  /** The rolling summary of turns older than the prompt's recent history, and the newest turn it covers. */
  summary?: { text: string; throughAt: number };
  /** Estimated model tokens used on one UTC day (MODEL_TOKENS_PER_DAY). */
  modelTokens?: { day: string; tokens: number };
}

export interface TurnServices {
  config: Config;
  model: ChatModel;
  /** Takes the customer's phone number (and anything like it) out of text bound for the model. */
  redactForModel(text: string): string;
  /** How many times this turn has already failed (the model, usually); stages may give up gracefully. */
  failedAttempts: number;
  now(): number;
  /** A stable pseudonymous id of the conversation (its log id), for keys an outside system may see. */
  conversationKey?: string;
}

export interface Turn {
  /** The coalesced burst still to handle, in arrival order; earlier stages may have taken some. */
  messages: TurnMessage[];
  view: ConversationView;
  services: TurnServices;
}

/** What becomes of a customer message; kept on the stored message and in logs. */
export type MessageOutcome =
  | "answered"
  | "command"
  | "superseded"
  | "opted_out"
  | "silenced"
  | "held_for_agent"
  | "handed_off";

/** What the brain decided for an answered turn: kept with the reply for chat facts, logs and evaluation. */
export interface AnswerFacts {
  /** A grounded answer, or a question back to the customer (small talk, a vague or refused request). */
  decision?: "reply" | "clarify";
  topic: string;
  confidence: number;
  /** Titles/ids of the knowledge entries the answer used. */
  sources: readonly string[];
}

/** A Braze custom attribute value (strings at most 255 characters, checked where the update is queued). */
export type ProfileAttributeValue = string | number | boolean | null;

export interface ProfileEvent {
  name: string;
  properties?: Record<string, ProfileAttributeValue>;
}

/** A customer's place in a multi-step flow (src/flows), kept in the conversation's flow_state table. */
export interface ActiveFlowState {
  flowId: string;
  /** Random per start of the flow: with the step id, the idempotency key of the flow's backend calls. */
  runId: string;
  /** The question waiting for an answer. */
  step: string;
  answers: Record<string, string | number>;
  /** Invalid answers to this question so far. */
  attempts: number;
  /** The last backend response's declared fields. */
  response: Record<string, ProfileAttributeValue> | null;
  language: Language;
  startedAt: number;
  lastActivityAt: number;
  /** When the flow is abandoned if the customer has not answered (the "flow" timer). */
  expiresAt: number;
}

/** A change a stage asks for; applied in order, atomically, when the turn commits. */
export type TurnAction =
  | {
      type: "reply";
      text: string;
      format: "markdown" | "plain";
      /** Quick-reply buttons (WhatsApp: at most 3, labels at most 20 characters). */
      buttons?: readonly string[];
      facts?: AnswerFacts;
    }
  /** Custom attributes and events for the customer's Braze profile; never blocks or delays a reply. */
  | { type: "update_profile"; attributes?: Record<string, ProfileAttributeValue>; events?: readonly ProfileEvent[] }
  | { type: "catalog_reply"; key: TextKey; language: Language }
  | { type: "cancel_pending"; reason: string }
  | { type: "set_subscription"; state: "subscribed" | "unsubscribed" }
  | { type: "set_opted_out"; optedOut: boolean }
  | { type: "clear_context" }
  | { type: "end_flow"; reason: string }
  /** Starts or advances a flow: stores where the customer is and re-arms the idle timer. */
  | { type: "flow_state"; state: ActiveFlowState }
  | { type: "handoff"; reason: string; language: Language }
  | { type: "settle"; seqs: number[]; outcome: MessageOutcome }
  /** The brain's rolling summary of older turns (src/ai/summary.ts). */
  | { type: "set_summary"; text: string; throughAt: number }
  /** Counts toward MODEL_TOKENS_PER_DAY; a new UTC day starts from zero. */
  | { type: "add_model_tokens"; day: string; tokens: number };

/** A stage either handles the remaining messages (stop) or lets the next stage see what is left (pass). */
export type StageResult =
  | { kind: "pass"; actions?: TurnAction[]; remaining?: TurnMessage[] }
  | { kind: "stop"; actions: TurnAction[] };

export interface Stage {
  readonly name: string;
  run(turn: Turn): StageResult | Promise<StageResult>;
}
