// The "flow" timer: a flow nobody answered within its idle timeout is abandoned with its message (queued
// through the outbox like any reply) in one atomic write, so the customer is never left inside a flow that
// would swallow their next question days later.
import type { Config } from "../config";
import { applyTurn } from "../conversation/apply-turn";
import { clearFlowState } from "../conversation/flow-state";
import type { ConversationStores } from "../conversation/stores";
import { type LogFields, log } from "../log";
import type { TurnAction } from "../pipeline/types";
import { enabledFlows } from "./catalog";
import { localized, scopeOf } from "./runner";
import { render } from "./template";

/** A customer who wrote just as the flow expired gets their turn first; the timer looks again after it. */
const PENDING_RECHECK_MS = 30_000;

export interface IdleDeps {
  config: Config;
  env: object;
  now: () => number;
  atomically: <T>(write: () => T) => T;
}

/** Returns how many outbox rows it queued (the caller makes the outbox due). */
export function expireIdleFlow(stores: ConversationStores, deps: IdleDeps, logFields: LogFields): number {
  return deps.atomically(() => {
    const now = deps.now();
    const state = stores.flowState.get();
    // Nothing (or an unreadable row) to wait for; or the conversation moved to the customer's profile, whose
    // object now answers them: this one must not write to them again.
    if (!state || stores.meta.get("moved_to")) {
      clearFlowState(stores);
      return 0;
    }
    if (state.expiresAt > now) {
      stores.timers.set("flow", state.expiresAt, 0);
      return 0;
    }
    if (stores.inbox.pending().length > 0) {
      stores.timers.set("flow", now + PENDING_RECHECK_MS, 0);
      return 0;
    }
    const actions: TurnAction[] = [{ type: "end_flow", reason: "idle" }];
    const loaded = enabledFlows(deps.config, deps.env).get(state.flowId);
    // Someone who opted out, or whom a person now holds, hears nothing from a flow.
    const quiet = stores.meta.get("opted_out") !== undefined || (stores.meta.get("chat_status") ?? "bot") !== "bot";
    if (loaded && !quiet) {
      const text = render(localized(loaded.flow.abandonText, state.language), scopeOf(state));
      actions.unshift({ type: "reply", text, format: "plain" });
    }
    const applied = applyTurn(stores, actions, deps.config, now, logFields, state.language);
    log("info", "flow.abandoned", {
      ...logFields,
      flow: state.flowId,
      step: state.step,
      idleMs: now - state.lastActivityAt,
      told: !quiet && loaded !== undefined,
    });
    return applied.queued;
  });
}
