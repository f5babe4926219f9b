// Runs a turn through the stages in order and collects the actions they ask for. Messages no stage settled
// explicitly are settled by the stage that stopped the turn (or as "answered" if every stage passed).
import type { Stage, StageResult, Turn, TurnAction, TurnMessage } from "./types";

export interface PipelineResult {
  actions: TurnAction[];
  /** The stage that handled the last messages, for logs. */
  decidedBy: string | undefined;
}

export async function runPipeline(stages: readonly Stage[], turn: Turn): Promise<PipelineResult> {
  const actions: TurnAction[] = [];
  let messages: TurnMessage[] = turn.messages;
  for (const stage of stages) {
    if (messages.length === 0) return { actions, decidedBy: stage.name };
    const result: StageResult = await stage.run({ ...turn, messages });
    actions.push(...(result.actions ?? []));
    if (result.kind === "stop") return { actions, decidedBy: stage.name };
    messages = result.remaining ?? messages;
  }
  if (messages.length > 0) actions.push({ type: "settle", seqs: messages.map((m) => m.seq), outcome: "answered" });
  return { actions, decidedBy: undefined };
}
