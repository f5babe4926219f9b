// What the inbox page knows at a given moment: who is signed in, the queue, the open conversation and whether
// the live socket is up. One object, read by the views and changed only by the controller (inbox.ts).
import type { AgentAuthMethod, AgentConversationView, AgentIdentity, ConversationSummary } from "../api-shapes";

export interface InboxState {
  me: AgentIdentity | null;
  auth: AgentAuthMethod | null;
  /** A token agent's token (kept in sessionStorage, so it lives as long as the tab). */
  token: string | null;
  queue: ConversationSummary[];
  /** The open conversation's id: the only thing the page puts in the URL (#c=<id>). */
  selected: string | null;
  detail: AgentConversationView | null;
  live: boolean;
  /** The clock the queue's waiting times are measured against (ticks every 30 s). */
  now: number;
  /** Actions under way: the controls stay disabled until they are all answered. */
  busyCount: number;
}

export function initialState(token: string | null): InboxState {
  return {
    me: null,
    auth: null,
    token,
    queue: [],
    selected: null,
    detail: null,
    live: false,
    now: Date.now(),
    busyCount: 0,
  };
}
