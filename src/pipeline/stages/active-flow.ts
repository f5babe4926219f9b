// Stage 4: a customer in the middle of a multi-step flow answers the flow's question, not the AI. The engine
// is src/flows/engine.ts; a flow id that no longer exists (removed or disabled) is ended so it cannot trap anyone.
import type { Stage, StageResult, Turn } from "../types";

/** What the flow engine will implement. */
export interface FlowEngine {
  has(flowId: string): boolean;
  continueFlow(turn: Turn, flowId: string): Promise<StageResult>;
}

export const NO_FLOWS: FlowEngine = {
  has: () => false,
  continueFlow: async () => ({ kind: "pass" }),
};

export function activeFlowStage(engine: FlowEngine): Stage {
  return {
    name: "active-flow",
    async run(turn: Turn): Promise<StageResult> {
      const flowId = turn.view.activeFlow;
      if (!flowId) return { kind: "pass" };
      if (!engine.has(flowId)) return { kind: "pass", actions: [{ type: "end_flow", reason: "unknown flow" }] };
      return engine.continueFlow(turn, flowId);
    },
  };
}
