// The flow engine behind the active-flow and keyword-routes stages: starts a flow (a trigger in the newest
// message, or the marker of /webhooks/whatsapp/<flow-id>), feeds answers to the waiting question, and turns
// the runner's result into the turn's actions (settle, replies, Braze updates, state, end or handoff).
import type { Language } from "../i18n/languages";
import { describeError, log } from "../log";
import { requestHandoff } from "../pipeline/handoff";
import type { FlowEngine as FlowEngineContract } from "../pipeline/stages/active-flow";
import type { KeywordRoute } from "../pipeline/stages/keyword-routes";
import type { ActiveFlowState, StageResult, Turn, TurnAction, TurnMessage } from "../pipeline/types";
import type { FlowCatalog } from "./catalog";
import type { LoadedFlow } from "./loader";
import { answerQuestion, type BackendAccess, type RunResult, runFrom } from "./runner";

interface StartRequest {
  flowId: string;
  language: Language | undefined;
}

export class FlowEngine implements FlowEngineContract {
  constructor(
    private readonly catalog: FlowCatalog,
    private readonly backend: Omit<BackendAccess, "turnKey">,
  ) {}

  has(flowId: string): boolean {
    return this.catalog.get(flowId) !== undefined;
  }

  /**
   * The customer is in a flow: another flow's trigger (or a start marker) switches to that flow; anything else,
   * this flow's own keywords included ("Partnership" is both a trigger and a button), answers the question.
   */
  async continueFlow(turn: Turn, flowId: string): Promise<StageResult> {
    return guarded(flowId, () => this.continueOrSwitch(turn, flowId));
  }

  private async continueOrSwitch(turn: Turn, flowId: string): Promise<StageResult> {
    const newest = turn.messages.at(-1);
    const restart = newest ? this.startRequest(newest) : undefined;
    if (restart && (restart.flowId !== flowId || newest?.startFlow)) return this.start(turn, restart);
    const loaded = this.catalog.get(flowId);
    const state = turn.view.flow;
    if (!loaded || state?.flowId !== flowId) {
      return { kind: "pass", actions: [{ type: "end_flow", reason: "flow state missing" }] };
    }
    // In a burst, the latest text is the answer ("wait..." then "A-10023").
    const input = turn.messages.findLast((m) => m.text.trim() !== "")?.text ?? "";
    // The stored state is the same on every retry of this turn and changes when it commits.
    const backend = { ...this.backend, turnKey: `${state.runId}:${state.lastActivityAt}` };
    return this.finish(turn, loaded, await answerQuestion(loaded, state, input, backend));
  }

  /** One keyword route for all flows: the newest message's start marker or trigger names the flow. */
  route(): KeywordRoute {
    return {
      name: "flows",
      matches: (message) => this.startRequest(message) !== undefined,
      handle: (turn) => {
        const newest = turn.messages.at(-1);
        const request = newest ? this.startRequest(newest) : undefined;
        return request ? guarded(request.flowId, () => this.start(turn, request)) : { kind: "pass" };
      },
    };
  }

  private startRequest(message: TurnMessage): StartRequest | undefined {
    if (message.startFlow && this.has(message.startFlow)) return { flowId: message.startFlow, language: undefined };
    return this.catalog.match(message.text);
  }

  private async start(turn: Turn, request: StartRequest): Promise<StageResult> {
    const loaded = this.catalog.get(request.flowId);
    const first = loaded?.flow.steps[0];
    if (!loaded || !first) return { kind: "pass" };
    const now = turn.services.now();
    const state: ActiveFlowState = {
      flowId: loaded.flow.id,
      runId: await runIdFor(turn, loaded.flow.id),
      step: first.id,
      answers: {},
      attempts: 0,
      response: null,
      // The language of the keyword the customer just typed beats an older guess.
      language: request.language ?? turn.view.language,
      startedAt: now,
      lastActivityAt: now,
      expiresAt: now,
    };
    const backend = { ...this.backend, turnKey: `${state.runId}:start` };
    return this.finish(turn, loaded, await runFrom(loaded, state, first.id, backend));
  }

  private finish(turn: Turn, loaded: LoadedFlow, result: RunResult): StageResult {
    const { end, state } = result;
    const settle: TurnAction = { type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "answered" };
    switch (end.kind) {
      case "waiting": {
        const now = turn.services.now();
        const expiresAt = now + loaded.flow.idleTimeoutMinutes * 60_000;
        const saved: ActiveFlowState = { ...state, lastActivityAt: now, expiresAt };
        return { kind: "stop", actions: [settle, ...result.actions, { type: "flow_state", state: saved }] };
      }
      case "completed":
        return { kind: "stop", actions: [settle, ...result.actions, { type: "end_flow", reason: "completed" }] };
      case "gave_up":
        if (end.fallback === "end") {
          return { kind: "stop", actions: [settle, ...result.actions, { type: "end_flow", reason: "gave up" }] };
        }
        return this.handOff(turn, result, "gave_up");
      case "handoff":
        return this.handOff(turn, result, end.reason);
      case "broken":
        // Nothing said yet: end the flow and let the rest of the pipeline answer the message.
        if (result.actions.length === 0) return { kind: "pass", actions: [{ type: "end_flow", reason: end.reason }] };
        return { kind: "stop", actions: [settle, ...result.actions, { type: "end_flow", reason: end.reason }] };
    }
  }

  private handOff(turn: Turn, result: RunResult, reason: string): StageResult {
    const inFlowLanguage = { ...turn, view: { ...turn.view, language: result.state.language } };
    const handoff = requestHandoff(inFlowLanguage, `flow ${result.state.flowId}: ${reason}`);
    const handoffActions = handoff.kind === "stop" ? handoff.actions : [];
    // The customer's message settles first, so the conversation history reads in order.
    const settle = handoffActions.filter((a) => a.type === "settle");
    const rest = handoffActions.filter((a) => a.type !== "settle");
    const end: TurnAction = { type: "end_flow", reason: `handoff: ${reason}` };
    return { kind: "stop", actions: [...settle, ...result.actions, end, ...rest] };
  }
}

/**
 * A flow run's id: derived from the conversation and the message that started it, so a retried turn (after an
 * eviction mid-call) sends the backend the same idempotency key; random only where no conversation key exists.
 * The message's arrival time is part of it: an erased conversation (a recycled number's, after its forwarding
 * ended) counts its messages from 1 again, and the next holder must not replay the old owner's keys.
 */
async function runIdFor(turn: Turn, flowId: string): Promise<string> {
  const message = turn.messages.at(-1);
  const key = turn.services.conversationKey;
  if (key === undefined || message === undefined) return crypto.randomUUID().replaceAll("-", "");
  const material = `${key}:${flowId}:${message.seq}:${message.receivedAt}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A flow never keeps a message from being answered: an unexpected error (a bug, a flow edited under a
 * customer) ends the flow, is logged, and the message goes on to the assistant instead of failing the turn
 * again and again.
 */
async function guarded(flowId: string, run: () => Promise<StageResult>): Promise<StageResult> {
  try {
    return await run();
  } catch (error) {
    log("error", "flow.failed", { flow: flowId, error: describeError(error) });
    return { kind: "pass", actions: [{ type: "end_flow", reason: "flow error" }] };
  }
}
