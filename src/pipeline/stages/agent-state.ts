// Stage 3: a conversation a person holds (handoff requested or claimed) is never answered by the bot; the
// messages wait for the agent. The handoff issue adds the states' transitions and the agent inbox.
import type { Stage, StageResult, Turn } from "../types";

export const agentStateStage: Stage = {
  name: "agent-state",
  run(turn: Turn): StageResult {
    if (turn.view.chatStatus === "bot") return { kind: "pass" };
    return {
      kind: "stop",
      actions: [{ type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "held_for_agent" }],
    };
  },
};
