// Stage 5: operator-defined keywords that start a flow or send a fixed answer, checked before the AI. The
// flows issue fills the route list; the stage itself is complete: the newest message decides.
import type { Stage, StageResult, Turn } from "../types";

export interface KeywordRoute {
  readonly name: string;
  matches(text: string): boolean;
  handle(turn: Turn): StageResult | Promise<StageResult>;
}

export function keywordRoutesStage(routes: readonly KeywordRoute[]): Stage {
  return {
    name: "keyword-routes",
    async run(turn: Turn): Promise<StageResult> {
      const newest = turn.messages.at(-1);
      const route = newest ? routes.find((r) => r.matches(newest.text)) : undefined;
      return route ? route.handle(turn) : { kind: "pass" };
    },
  };
}
