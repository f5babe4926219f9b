// Wraps the AI stage: when its reply is yet another "I can't help with that" and the bot already failed the
// customer HANDOFF_AFTER_UNHELPFUL_TURNS - 1 turns in a row, the turn goes to a person instead (the customer
// gets the handoff message rather than the same non-answer). The counting is in src/handoff/unhelpful.ts.
import { isUnhelpful } from "../../handoff/unhelpful";
import { requestHandoff } from "../handoff";
import type { Stage, StageResult, Turn } from "../types";

export const BOT_COULD_NOT_HELP = "the assistant could not help";

export function unhelpfulHandoff(inner: Stage, afterTurns: number): Stage {
  if (afterTurns <= 0) return inner;
  return {
    name: inner.name, // keeps "ai": the turn is still a model turn for MAX_TURNS_PER_MINUTE
    async run(turn: Turn): Promise<StageResult> {
      const result = await inner.run(turn);
      const unhelpful = result.kind === "stop" && result.actions.some(isUnhelpful);
      if (!unhelpful || (turn.view.unhelpfulTurns ?? 0) + 1 < afterTurns) return result;
      const handoff = requestHandoff(turn, `${BOT_COULD_NOT_HELP} (${afterTurns} turns in a row)`);
      // The model was called all the same: its tokens and the rolling summary still count.
      const bookkeeping = (result.actions ?? []).filter(
        (a) => a.type === "add_model_tokens" || a.type === "set_summary",
      );
      return handoff.kind === "stop" ? { kind: "stop", actions: [...handoff.actions, ...bookkeeping] } : handoff;
    },
  };
}
