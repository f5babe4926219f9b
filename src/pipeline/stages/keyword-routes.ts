// Stage 5: operator-defined keywords that start a flow or send a fixed answer, checked before the AI. The
// flows (src/flows) add one route that matches their triggers and the /webhooks/whatsapp/<flow-id> marker.
// The newest message decides: a burst that ends in "thanks" is not a request for the order form.
import type { Stage, StageResult, Turn, TurnMessage } from "../types";

export interface KeywordRoute {
  readonly name: string;
  matches(message: TurnMessage): boolean;
  handle(turn: Turn): StageResult | Promise<StageResult>;
}

export function keywordRoutesStage(routes: readonly KeywordRoute[]): Stage {
  return {
    name: "keyword-routes",
    async run(turn: Turn): Promise<StageResult> {
      const newest = turn.messages.at(-1);
      const route = newest ? routes.find((r) => r.matches(newest)) : undefined;
      return route ? route.handle(turn) : { kind: "pass" };
    },
  };
}
