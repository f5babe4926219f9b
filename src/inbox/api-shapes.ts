// The agent API's wire shapes (docs/handoff.md "Agent API"), in one place: what the Worker answers and what the
// inbox page (src/inbox/client) reads. Types and one constant, importing nothing with runtime code or Worker
// globals, so the browser bundle type-checks against the very definitions the server builds its answers from.
import type { Language } from "../i18n/languages";

/** The WebSocket subprotocol that carries a token: new WebSocket(url, ["braze-agent", token]). */
export const AGENT_SUBPROTOCOL = "braze-agent";

/** A person signed in to the inbox: an Access email, an AGENT_TOKENS id, or the local demo agent. */
export interface AgentIdentity {
  id: string;
  name: string;
}

export type AgentAuthMethod = "access" | "token" | "local";

/** GET /agent/api/me, and what the sign-in gate leaves on the request. */
export interface AuthenticatedAgent {
  agent: AgentIdentity;
  auth: AgentAuthMethod;
}

/**
 * The conversation's chat status as the API spells it. The conversation's own ChatStatus (src/pipeline/types.ts)
 * is assigned to it in summarize(), so a status added there fails to compile until it is added here.
 */
export type ApiChatStatus = "bot" | "waiting" | "agent" | "closed";

/** "accepted" means Braze took every part; the Worker never sees WhatsApp's delivery receipts. */
export type Delivery = "queued" | "held" | "accepted" | "failed";

export interface TranscriptMessage {
  id: string;
  role: "customer" | "assistant" | "agent" | "system";
  text: string;
  at: number;
  agent?: AgentIdentity;
  delivery?: Delivery;
}

export interface ConversationSummary {
  id: string;
  status: ApiChatStatus;
  reason: string;
  language: Language;
  customerName: string | null;
  maskedPhone: string | null;
  lastMessages: TranscriptMessage[];
  waitingSince: number | null;
  claimedBy: AgentIdentity | null;
  windowClosesAt: number | null;
  updatedAt: number;
}

/** GET /agent/api/conversations */
export interface QueueAnswer {
  conversations: ConversationSummary[];
}

/** GET /agent/api/conversations/:id */
export interface AgentConversationView {
  conversation: ConversationSummary;
  transcript: TranscriptMessage[];
  templateConfigured: boolean;
}

/** POST /agent/api/conversations/:id/{claim,release,close} */
export interface ConversationAnswer {
  conversation: ConversationSummary;
}

/** POST /agent/api/conversations/:id/reply (202) */
export interface ReplyAnswer {
  message: TranscriptMessage;
}

/** What changed, in a "changed" frame on the live socket. */
export type ChangeKind = "queue" | "transcript" | "delivery";

/** Frames the hub sends on GET /agent/api/live; it also answers "ping" with a bare "pong". */
export type LiveFrame =
  | { type: "hello"; agent: AgentIdentity }
  | { type: "changed"; conversationId: string; what: ChangeKind };
