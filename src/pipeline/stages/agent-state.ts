// Stage 3: a conversation a person holds (handoff requested or claimed) is never answered by the bot; the
// messages wait for the agent (src/handoff). A closed conversation is the bot's again (docs/handoff.md).
import type { Stage, StageResult, Turn } from "../types";

export const agentStateStage: Stage = {
  name: "agent-state",
  run(turn: Turn): StageResult {
    const status = turn.view.chatStatus;
    if (status === "bot" || status === "closed") return { kind: "pass" };
    return {
      kind: "stop",
      actions: [{ type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "held_for_agent" }],
    };
  },
};
