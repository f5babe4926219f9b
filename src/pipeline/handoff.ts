// The one entry point for passing a conversation to a person. The brain (low confidence, "talk to a human"),
// flows (a handoff step), the person keywords and the unhelpful-turns wrapper all call it; what happens next
// (the waiting state, the agent queue, the Braze attribute and event) is src/handoff/transitions.ts, applied
// from apply-turn's "handoff" action.
import type { StageResult, Turn } from "./types";

export function requestHandoff(turn: Turn, reason: string): StageResult {
  const seqs = turn.messages.map((m) => m.seq);
  return {
    kind: "stop",
    actions: [
      { type: "settle", seqs, outcome: "handed_off" },
      { type: "handoff", reason, language: turn.view.language },
    ],
  };
}
