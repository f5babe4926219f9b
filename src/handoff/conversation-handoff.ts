// The Conversation Durable Object's handoff side: the agent RPCs (view, claim, reply, release, close), the
// hooks the turn, delivery and intake call, and the notifications to the agent hub. Kept out of
// conversation.ts so that file only wires it in. A hub notification never fails a turn, a delivery or a
// webhook: it is caught and logged, and the next change sends a fresh summary anyway.
import type { Config } from "../config";
import type { ConversationStores } from "../conversation/stores";
import type { AgentConversationView, ChangeKind, ConversationSummary, TranscriptMessage } from "../inbox/api-shapes";
import { agentHub } from "../inbox/hub";
import { customerLogId, describeError, type LogFields, log } from "../log";
import type { ChatStatus } from "../pipeline/types";
import { withTimeout } from "../timeout";
import { type AgentIdentity, chatStatus, withPerson } from "./status";
import { summarize, transcript } from "./summary";
import {
  type AgentActionError,
  type AgentActionResult,
  agentReply,
  claim,
  close,
  release,
  tellNobodyAvailable,
} from "./transitions";

export interface HandoffHost {
  env: Env;
  stores: ConversationStores;
  /** The conversation's public id (the Durable Object id as hex). */
  id: string;
  /** False for an object that never stored a conversation, or one that moved to another object. */
  exists(): boolean;
  config(): Config;
  now(): number;
  logFields(): Promise<LogFields>;
  atomically<T>(write: () => T): T;
  arm(): Promise<void>;
}

/** GET /agent/api/conversations/:id answers it; defined with the API shapes, re-exported for the conversation. */
export type { AgentConversationView };

export type AgentMutation = { ok: true; conversation: ConversationSummary } | { ok: false; code: AgentActionError };
export type AgentReplyResult = { ok: true; message: TranscriptMessage } | { ok: false; code: AgentActionError };

const NOT_FOUND = { ok: false, code: "not_found" } as const;

/** A hub that does not answer must not hold up a turn or a delivery for long (it is only told, not asked). */
export const HUB_TIMEOUT_MS = 5_000;

function withinHubTimeout<T>(call: () => Promise<T>): Promise<T> {
  return withTimeout(
    HUB_TIMEOUT_MS,
    (signal) =>
      new Promise<T>((resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason));
        call().then(resolve, reject);
      }),
  );
}

export class ConversationHandoff {
  /** Hub notifications, one at a time and in order, so the hub never keeps an older summary over a newer one. */
  private notifications: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: HandoffHost) {}

  view(): AgentConversationView | null {
    if (!this.host.exists()) return null;
    return {
      conversation: this.summary(),
      transcript: transcript(this.host.stores),
      templateConfigured: this.host.config().braze.templateCampaignId !== undefined,
    };
  }

  async mutate(action: "claim" | "release" | "close", agent: AgentIdentity): Promise<AgentMutation> {
    if (!this.host.exists()) return NOT_FOUND;
    const { stores } = this.host;
    const fields = await this.agentLogFields(agent);
    const apply = { claim, release, close }[action];
    // No await inside: the check and the change are one atomic step (two concurrent claims: one wins).
    const result: AgentActionResult = this.host.atomically(() => apply(stores, agent, this.host.now(), fields));
    if (!result.ok) return result;
    await this.host.arm();
    await this.notify("queue");
    return { ok: true, conversation: this.summary() };
  }

  async reply(agent: AgentIdentity, text: string): Promise<AgentReplyResult> {
    if (!this.host.exists()) return NOT_FOUND;
    const { stores } = this.host;
    const result = this.host.atomically(() => agentReply(stores, this.host.config(), agent, text, this.host.now()));
    if (!result.ok) return result;
    await this.host.arm();
    log("info", "handoff.agent_replied", { ...(await this.agentLogFields(agent)), textLength: text.length });
    await this.notify("transcript");
    const message = transcript(stores).find((m) => m.id === `h${result.historyId}`);
    if (!message) throw new Error("the agent's message vanished after it was stored");
    return { ok: true, message };
  }

  /** After a turn: the hub hears about a new handoff or a held message; nobody online -> the customer is told. */
  async afterTurn(before: ChatStatus): Promise<void> {
    const after = chatStatus(this.host.stores);
    if (!withPerson(after) && !withPerson(before)) return;
    const hub = await this.notify(before === after ? "transcript" : "queue");
    if (after === "waiting" && before !== "waiting" && hub?.agentsConnected === 0) {
      const fields = await this.host.logFields();
      this.host.atomically(() => tellNobodyAvailable(this.host.stores, this.host.config(), this.host.now(), fields));
    }
  }

  /** Before a delivery round: the agent-visible delivery states, to compare with afterDelivery. */
  deliveryMark(): { agentRepliesOnly: boolean; fingerprint: string } {
    const agentRepliesOnly = !withPerson(chatStatus(this.host.stores));
    return { agentRepliesOnly, fingerprint: this.host.stores.outbox.deliveryFingerprint(agentRepliesOnly) };
  }

  /**
   * After a delivery round, once its timer is updated (this awaits the hub: an agent reply stored meanwhile
   * must not have its timer cleared by a round that finished before it): tells the hub if a state changed.
   */
  async afterDelivery(mark: { agentRepliesOnly: boolean; fingerprint: string }): Promise<void> {
    if (this.host.stores.outbox.deliveryFingerprint(mark.agentRepliesOnly) !== mark.fingerprint) {
      await this.notify("delivery");
    }
  }

  /** The "handoff" timer: nobody claimed the conversation in HANDOFF_UNCLAIMED_NOTICE_MS. */
  async unclaimedTimerDue(): Promise<void> {
    const fields = await this.host.logFields();
    const queued = this.host.atomically(() => {
      this.host.stores.timers.clear("handoff");
      if (this.host.stores.meta.get("moved_to")) return 0; // the customer's new conversation tells them
      return tellNobodyAvailable(this.host.stores, this.host.config(), this.host.now(), fields);
    });
    if (queued > 0) await this.notify("transcript");
  }

  /** On start: a waiting conversation whose customer was not told yet keeps its "nobody came" timer. */
  reconcileTimers(now: number): void {
    const { stores } = this.host;
    const requestedAt = stores.meta.getNumber("handoff_requested_at");
    let noticeMs: number;
    try {
      noticeMs = this.host.config().handoff.unclaimedNoticeMs;
    } catch {
      return; // a configuration error surfaces on the next call, not in the constructor
    }
    if (chatStatus(stores) !== "waiting" || requestedAt === undefined || noticeMs === 0) return;
    if (stores.meta.get("unclaimed_notice_for") === String(requestedAt) || stores.timers.get("handoff")) return;
    stores.timers.set("handoff", Math.max(now, requestedAt + noticeMs), 0);
  }

  /** Sends the current summary to the hub; undefined when the hub could not be reached (logged). */
  notify(what: ChangeKind): Promise<{ agentsConnected: number } | undefined> {
    const next = this.notifications.then(() => this.sendToHub(what));
    this.notifications = next;
    return next;
  }

  /** This conversation moved to another object: the hub drops its entry (logged if it cannot be reached). */
  async notifyGone(): Promise<void> {
    try {
      await withinHubTimeout(() => agentHub(this.host.env).conversationGone(this.host.id));
    } catch (error) {
      log("warn", "handoff.hub_notify_failed", {
        ...(await this.host.logFields()),
        what: "gone",
        error: describeError(error),
      });
    }
  }

  private async sendToHub(what: ChangeKind): Promise<{ agentsConnected: number } | undefined> {
    try {
      const summary = this.summary();
      return await withinHubTimeout(() => agentHub(this.host.env).conversationChanged(summary, what));
    } catch (error) {
      log("warn", "handoff.hub_notify_failed", { ...(await this.host.logFields()), what, error: describeError(error) });
      return undefined;
    }
  }

  /** The conversation's log fields plus the agent as a keyed hash: an Access agent's id is their email. */
  private async agentLogFields(agent: AgentIdentity): Promise<LogFields> {
    const hashed = await customerLogId(this.host.config().logHmacKey, `agent:${agent.id}`);
    return { ...(await this.host.logFields()), agent: `a_${hashed.slice(2)}` };
  }

  private summary(): ConversationSummary {
    return summarize(this.host.stores, this.host.id, this.host.now());
  }
}
