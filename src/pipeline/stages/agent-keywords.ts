// Stage 4: the customer asks for a person with a keyword sent alone (AGENT, HUMANO, 상담원, オペレーター... plus
// HANDOFF_KEYWORDS): the whole burst goes to a person through requestHandoff, before any flow or the AI.
import { agentKeywordMatcher } from "../../i18n/agent-keywords";
import { requestHandoff } from "../handoff";
import type { Stage, StageResult, Turn } from "../types";

/** The handoff reason agents see in the queue and Braze gets in the ai_handoff event. */
export const ASKED_FOR_PERSON = "customer asked for a person";

export function agentKeywordsStage(extraKeywords: readonly string[]): Stage {
  const isAgentKeyword = agentKeywordMatcher(extraKeywords);
  return {
    name: "agent-keywords",
    run(turn: Turn): StageResult {
      if (!turn.messages.some((m) => isAgentKeyword(m.text))) return { kind: "pass" };
      return requestHandoff(turn, ASKED_FOR_PERSON);
    },
  };
}
