// The one entry point for passing a conversation to a person. The brain (low confidence, "talk to a human"),
// flows (a handoff step) and the handoff issue's triggers all call it; what happens next (states, agent inbox,
// Braze attributes) grows in the handoff issue, in apply-turn's "handoff" action.
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
