// The conversation Durable Object: one per WhatsApp customer. It stores each inbound message durably before
// the webhook is answered, then does all further work from its alarm (turns, delivery, retention), so the work
// survives eviction and restarts. It speaks typed RPC only; HTTP lives in src/routes.
import { DurableObject } from "cloudflare:workers";
import { createModel } from "../ai/create-model";
import type { ChatModel } from "../ai/model";
import { BrazeClient, restTransport } from "../braze/client";
import { localSinkTransport } from "../braze/local-sink";
import { type Config, loadConfig } from "../config";
import { flowPipelineOptions } from "../flows/catalog";
import { expireIdleFlow } from "../flows/idle";
import {
  type AgentConversationView,
  type AgentMutation,
  type AgentReplyResult,
  ConversationHandoff,
} from "../handoff/conversation-handoff";
import { importHandoff } from "../handoff/moves";
import { type AgentIdentity, chatStatus } from "../handoff/status";
import { customerWrote } from "../handoff/transitions";
import { customerLogId, describeError, type LogFields, log } from "../log";
import { deadLetterIndex } from "../ops/dead-letter-index";
import { turnPipeline } from "../pipeline/stages";
import type { Stage } from "../pipeline/types";
import type { InboundMessage } from "../webhook/inbound-message";
import { backoffDelayMs } from "./backoff";
import { dedupeRule } from "./dedupe";
import { deliverOutbox } from "./delivery";
import { forgetForwardedConversation, forwarding } from "./forwarding";
import { noteIntakeProblem } from "./intake-notes";
import { type ConversationSnapshot, exportForMove, importMoved } from "./merge";
import { conversationStub, phoneConversationName } from "./naming";
import { deliverProfileUpdates } from "./profile-delivery";
import { RETENTION, sweep } from "./retention";
import { hasSchema, migrate } from "./schema";
import { type ConversationStores, openStores } from "./stores";
import type { Timer } from "./timers";
import { runTurn, turnDueAt } from "./turn";

export interface ReceiveRequest {
  conversationName: string;
  message: InboundMessage;
  /** From dedupeKeyFor(message), computed before the call so storing needs no await (arrival order holds). */
  dedupeKey: string;
  receivedAt: number;
  requestId: string;
  /** From /webhooks/whatsapp/<flow-id>: the turn starts this flow with the message. */
  startFlow?: string;
  /** Protected fields the body carried after the message, ignored by the parser (README "Webhook body"). */
  ignoredFields?: string[];
}

export type ReceiveResult =
  | { status: "accepted"; seq: number }
  | { status: "duplicate" }
  | { status: "moved"; to: string };

/** What the Durable Object needs from outside; built from env, replaceable in tests. */
export interface ConversationDeps {
  config: Config;
  braze: BrazeClient;
  model: ChatModel;
  /** The turn pipeline's stages, in order (src/pipeline/stages.ts). */
  stages: readonly Stage[];
  now: () => number;
}

/** One set per isolate and configuration: every customer's object shares the model, client and pipeline. */
const sharedDeps = new WeakMap<object, ConversationDeps>();

export function buildDeps(env: Env): ConversationDeps {
  const config = loadConfig(env);
  let deps = sharedDeps.get(config);
  if (!deps) {
    deps = createDeps(env, config);
    sharedDeps.set(config, deps);
  }
  return deps;
}

function createDeps(env: Env, config: Config): ConversationDeps {
  const transport =
    config.braze.kind === "local" ? localSinkTransport(env) : restTransport(config.braze.endpoint, config.braze.apiKey);
  const secrets = config.braze.kind === "rest" ? [config.braze.apiKey] : [];
  return {
    config,
    braze: new BrazeClient(transport, config.brazeTimeoutMs, secrets),
    model: createModel(config, env),
    stages: turnPipeline(config, flowPipelineOptions(config, env)),
    now: Date.now,
  };
}

/** Rounds of due timers one alarm serves (a turn makes the outbox due at once: answer in the same alarm). */
const MAX_ROUNDS_PER_ALARM = 4;

export class Conversation extends DurableObject<Env> {
  private readonly stores: ConversationStores;
  private depsCache: ConversationDeps | undefined;
  private readonly merges = new Map<string, Promise<void>>();
  /** Live-agent handoff: agent RPCs and the hooks below (src/handoff/conversation-handoff.ts). */
  private readonly handoff: ConversationHandoff;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.stores = openStores(ctx.storage);
    this.handoff = new ConversationHandoff({
      env,
      stores: this.stores,
      id: ctx.id.toString(),
      exists: () =>
        hasSchema(ctx.storage.sql) &&
        this.stores.meta.get("conversation_name") !== undefined &&
        this.stores.meta.get("moved_to") === undefined,
      config: () => this.deps.config,
      now: () => this.deps.now(),
      logFields: () => this.logFields(),
      atomically: (write) => ctx.storage.transactionSync(write),
      arm: () => this.stores.timers.arm(),
    });
    void ctx.blockConcurrencyWhile(async () => {
      // A brand-new object creates nothing until it has something to keep: every new customer's first
      // message asks their phone number's object for a conversation to take over, and that is almost always
      // an object that never existed.
      if (!hasSchema(ctx.storage.sql)) return;
      this.ensureSchema();
      // On every start: make sure unfinished work has a timer and the alarm points at the earliest one,
      // so nothing is ever stranded, whatever stopped the previous instance.
      this.reconcileTimers();
      await this.stores.timers.arm();
    });
  }

  private migrated = false;
  private ensureSchema(): void {
    if (this.migrated) return;
    migrate(this.ctx.storage.sql);
    this.migrated = true;
  }

  /** Built on first use so a configuration error surfaces as a failed call (retried), not a broken object. */
  get deps(): ConversationDeps {
    this.depsCache ??= buildDeps(this.env);
    return this.depsCache;
  }

  set deps(deps: ConversationDeps) {
    this.depsCache = deps;
  }

  /** Stores one inbound message durably (the RPC answers only after the write is durable). */
  async receive(request: ReceiveRequest): Promise<ReceiveResult> {
    this.ensureSchema();
    const { stores } = this;
    const { identity } = request.message;
    if (!stores.meta.get("conversation_name")) stores.meta.set("conversation_name", request.conversationName);
    const movedTo = this.forwardingTarget(request.requestId);
    if (movedTo) return { status: "moved", to: movedTo };
    if (identity.externalId && identity.phone) await this.absorbPhoneConversation(identity.phone);

    const fields = await this.logFields(request.requestId);
    const now = this.deps.now();
    const rule = dedupeRule(request.message, { flowWaiting: stores.meta.get("active_flow") !== undefined });
    if (rule.kind === "key" && stores.inbox.isDuplicate(request.dedupeKey, now)) {
      log("info", "webhook.duplicate", { ...fields, by: rule.by });
      return { status: "duplicate" };
    }
    // From the check to arming the alarm, no await: one atomic write, in order of arrival.
    if (rule.kind === "key") stores.inbox.remember(request.dedupeKey, now + rule.windowMs);
    if (!request.message.messageId) noteIntakeProblem(this.env, stores.meta, now, "missing_message_id", fields);
    if (request.ignoredFields?.length)
      noteIntakeProblem(this.env, stores.meta, now, "protected_fields_after_message", fields);
    const seq = stores.inbox.add({
      receivedAt: request.receivedAt,
      text: request.message.text,
      mediaUrls: request.message.mediaUrls,
      language: request.message.language,
      requestId: request.requestId,
      startFlow: request.startFlow,
    });
    // Written only when they change: most webhooks repeat them, and every write costs.
    for (const [key, value] of [
      ["external_id", identity.externalId],
      ["phone", identity.phone],
      ["braze_id", identity.brazeId],
      ["customer_name", request.message.profileName],
    ] as const) {
      if (value && stores.meta.get(key) !== value) stores.meta.set(key, value);
    }
    // Latest wins: the profile of the newest webhook that had one (Liquid renders it fresh each time).
    const profile = request.message.profile ? JSON.stringify(request.message.profile) : undefined;
    if (profile && stores.meta.get("profile") !== profile) stores.meta.set("profile", profile);
    const sentAt = request.message.sentAt;
    const customerMessageAt = sentAt !== undefined && sentAt <= request.receivedAt ? sentAt : request.receivedAt;
    stores.meta.raise("last_customer_message_at", customerMessageAt);
    stores.meta.set("last_activity_at", now);
    // A closed conversation is the bot's again; texts held past the 24-hour window go out now.
    const released = customerWrote(stores, now, fields);
    stores.timers.set("turn", turnDueAt(stores, this.deps.config) ?? now);
    if (!stores.timers.get("retention")) stores.timers.set("retention", now + RETENTION.sweepEveryMs);
    await stores.timers.arm();
    if (released > 0) void this.handoff.notify("delivery");
    log("info", "webhook.stored", {
      ...fields,
      seq,
      ...(rule.kind === "none" ? { notDeduped: rule.reason } : {}),
      textLength: request.message.text.length,
      media: request.message.mediaUrls.length,
    });
    return { status: "accepted", seq };
  }

  private reconcileTimers(): void {
    const { stores } = this;
    if (stores.meta.get("moved_to")) return;
    const now = Date.now();
    if (stores.inbox.pending().length > 0 && !stores.timers.get("turn")) stores.timers.set("turn", now);
    const head = stores.outbox.head();
    if (head && !stores.timers.get("outbox")) stores.timers.set("outbox", Math.max(now, head.not_before));
    if (stores.profileUpdates.hasPending() && !stores.timers.get("profile")) stores.timers.set("profile", now);
    const flow = stores.flowState.get();
    if (flow && !stores.timers.get("flow")) stores.timers.set("flow", flow.expiresAt);
    this.handoff.reconcileTimers(now);
  }

  /**
   * Where this phone number's messages go while it forwards; a forwarding past its window is forgotten here, in
   * one synchronous write, and the message starts a fresh conversation (src/conversation/forwarding.ts).
   */
  private forwardingTarget(requestId?: string): string | undefined {
    const state = forwarding(this.stores, this.deps.now());
    if (state.kind === "forwarding") return state.to;
    if (state.kind === "ended") {
      this.ctx.storage.transactionSync(() => forgetForwardedConversation(this.ctx.storage.sql));
      void this.logFields(requestId).then((fields) => log("info", "conversation.forwarding_ended", fields));
    }
    return undefined;
  }

  /** Called on a phone-keyed conversation by the external_id-keyed one that takes it over. */
  async handOver(movedTo: string): Promise<ConversationSnapshot | null> {
    // Even a number that never wrote without a profile records its owner: a phone-only webhook that Braze
    // delivers late (it retries for hours, in no set order) must be forwarded, not start a second chat.
    this.ensureSchema();
    const owner = this.forwardingTarget();
    // One phone can sit on several Braze profiles (a shared or reassigned number): only the first external_id
    // that claims it gets its conversation; handing it to a second would leak one customer's chat to another.
    if (owner && owner !== movedTo) return null;
    const snapshot = this.ctx.storage.transactionSync(() =>
      exportForMove(this.ctx.storage.sql, this.stores, movedTo, this.deps.now()),
    );
    await this.stores.timers.arm();
    if (snapshot.handoff) await this.handoff.notifyGone();
    log("info", "conversation.handed_over", await this.logFields());
    return snapshot;
  }

  /** Puts dead letters back in the outbox; returns how many. */
  async replayDeadLetters(): Promise<number> {
    this.ensureSchema();
    const count = this.stores.outbox.replayDead(this.deps.now());
    if (count > 0) {
      this.stores.timers.set("outbox", this.deps.now(), 0);
      await this.stores.timers.arm();
    }
    log("info", "outbox.replayed", { ...(await this.logFields()), count });
    return count;
  }

  /** A read-only summary for operators and tests: no message text, no phone. */
  async status(): Promise<{
    outbox: Record<string, number>;
    profileUpdates: Record<string, number>;
    pendingInbound: number;
    timers: Timer[];
  }> {
    this.ensureSchema();
    return {
      outbox: this.stores.outbox.countByState(),
      profileUpdates: this.stores.profileUpdates.countByState(),
      pendingInbound: this.stores.inbox.pending().length,
      timers: this.ctx.storage.sql.exec<Timer & Record<string, SqlStorageValue>>("SELECT * FROM timers").toArray(),
    };
  }

  override async alarm(): Promise<void> {
    this.ensureSchema();
    for (let round = 0; round < MAX_ROUNDS_PER_ALARM; round++) {
      const due = this.stores.timers.due(this.deps.now());
      if (due.length === 0) break;
      for (const timer of due) {
        const erased = await this.runTimerSafely(timer);
        if (erased) return;
      }
    }
    await this.stores.timers.arm();
  }

  /** Runs one timer; an unexpected failure re-arms it with backoff instead of relying on the runtime's retries. */
  private async runTimerSafely(timer: Timer): Promise<boolean> {
    try {
      return await this.runTimer(timer);
    } catch (error) {
      const attempt = timer.attempt + 1;
      const { retryBaseMs, retryMaxMs } = this.deps.config;
      const delay = backoffDelayMs(attempt, retryBaseMs, retryMaxMs);
      this.stores.timers.set(timer.name, this.deps.now() + delay, attempt);
      log("error", `${timer.name}.failed`, {
        ...(await this.logFields()),
        attempt,
        retryInMs: delay,
        error: describeError(error),
      });
      return false;
    }
  }

  private async runTimer(timer: Timer): Promise<boolean> {
    const { stores } = this;
    const { config, now } = this.deps;
    switch (timer.name) {
      case "turn": {
        const logFields = await this.logFields();
        const atomically = <T>(write: () => T): T => this.ctx.storage.transactionSync(write);
        const statusBefore = chatStatus(stores);
        const outcome = await runTurn(stores, { ...this.deps, atomically }, timer.attempt, logFields);
        if (outcome.kind === "handled") {
          if (outcome.queued > 0) stores.timers.set("outbox", now(), 0);
          log("info", "turn.handled", {
            ...logFields,
            decidedBy: outcome.decidedBy,
            queued: outcome.queued,
            messages: outcome.messages,
            tookMs: outcome.tookMs,
          });
        }
        const next = outcome.kind === "moved" ? undefined : turnDueAt(stores, config);
        if (next === undefined) stores.timers.clear("turn");
        else stores.timers.set("turn", next, 0);
        if (outcome.kind === "handled") await this.handoff.afterTurn(statusBefore);
        return false;
      }
      case "outbox": {
        const logFields = await this.logFields();
        const mark = this.handoff.deliveryMark();
        const outcome = await deliverOutbox({
          stores,
          braze: this.deps.braze,
          config,
          now,
          logFields,
          onDeadLetter: () => this.registerDeadLetter(),
        });
        if (outcome.kind === "waiting") stores.timers.set("outbox", outcome.until, 0);
        else stores.timers.clear("outbox");
        await this.handoff.afterDelivery(mark);
        return false;
      }
      case "profile": {
        const outcome = await deliverProfileUpdates({
          stores,
          braze: this.deps.braze,
          config,
          now,
          logFields: await this.logFields(),
        });
        if (outcome.kind === "waiting") stores.timers.set("profile", outcome.until, 0);
        else stores.timers.clear("profile");
        return false;
      }
      case "flow": {
        const atomically = <T>(write: () => T): T => this.ctx.storage.transactionSync(write);
        const queued = expireIdleFlow(stores, { config, env: this.env, now, atomically }, await this.logFields());
        if (queued > 0) stores.timers.set("outbox", now(), 0);
        return false;
      }
      case "retention": {
        const erased = await sweep(this.ctx.storage, stores, now());
        if (erased) this.migrated = false; // the tables are gone: the next use creates them again
        return erased;
      }
      case "handoff":
        await this.handoff.unclaimedTimerDue();
        return false;
    }
  }

  // Live-agent handoff: the agent API's RPCs (src/routes/agent-api.ts); the logic is in src/handoff.

  /** The conversation as an agent sees it; null if this object holds no conversation. */
  async agentView(): Promise<AgentConversationView | null> {
    return this.handoff.view();
  }

  async claim(agent: AgentIdentity): Promise<AgentMutation> {
    return this.handoff.mutate("claim", agent);
  }

  async release(agent: AgentIdentity): Promise<AgentMutation> {
    return this.handoff.mutate("release", agent);
  }

  async close(agent: AgentIdentity): Promise<AgentMutation> {
    return this.handoff.mutate("close", agent);
  }

  async agentReply(agent: AgentIdentity, text: string): Promise<AgentReplyResult> {
    return this.handoff.reply(agent, text);
  }

  /** Takes over the conversation this customer had while Braze knew only their phone number. */
  private async absorbPhoneConversation(phone: string): Promise<void> {
    const phoneName = phoneConversationName(phone);
    if (!phoneName || this.stores.meta.get(`merged_phone:${phoneName}`)) return;
    let merge = this.merges.get(phoneName);
    if (!merge) {
      merge = (async () => {
        const me = this.stores.meta.get("conversation_name") ?? "";
        const snapshot = await conversationStub(this.env, phoneName).handOver(me);
        const fields = await this.logFields();
        this.ctx.storage.transactionSync(() => {
          if (this.stores.meta.get(`merged_phone:${phoneName}`)) return;
          this.stores.meta.set(`merged_phone:${phoneName}`, this.deps.now());
          if (!snapshot) return; // the number's conversation belongs to another profile
          importMoved(this.ctx.storage.sql, this.stores, snapshot);
          if (snapshot.handoff) {
            importHandoff(this.stores, snapshot.handoff, this.deps.now(), fields);
            this.handoff.reconcileTimers(this.deps.now());
          }
          if (snapshot.outbox.length > 0) this.stores.timers.set("outbox", this.deps.now(), 0);
          // The webhook that triggered the merge may be a duplicate, which sets no turn timer of its own.
          if (snapshot.inbound.length > 0) {
            this.stores.timers.set("turn", turnDueAt(this.stores, this.deps.config) ?? this.deps.now());
          }
        });
        // The webhook that started the merge may be a duplicate, which returns before arming the alarm.
        await this.stores.timers.arm();
        if (snapshot?.handoff) await this.handoff.notify("queue");
        log("info", snapshot ? "conversation.merged" : "conversation.merge_refused", {
          ...(await this.logFields()),
          inbound: snapshot?.inbound.length,
          outbox: snapshot?.outbox.length,
        });
      })().finally(() => this.merges.delete(phoneName));
      this.merges.set(phoneName, merge);
    }
    await merge;
  }

  private async registerDeadLetter(): Promise<void> {
    const name = this.stores.meta.get("conversation_name");
    if (!name) return;
    try {
      await deadLetterIndex(this.env).add(name);
    } catch (error) {
      log("error", "dead_letter_index.failed", { ...(await this.logFields()), error: describeError(error) });
    }
  }

  private logIdCache: string | undefined;
  private async logFields(requestId?: string): Promise<LogFields> {
    this.logIdCache ??= await customerLogId(
      this.deps.config.logHmacKey,
      this.stores.meta.get("conversation_name") ?? this.ctx.id.toString(),
    );
    return { customer: this.logIdCache, requestId };
  }
}
