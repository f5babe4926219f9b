// The turn pipeline, in the order that decides a customer message: global commands -> keywords the Worker
// stays silent on -> agent state -> a customer asking for a person -> active flow -> keyword routes -> the AI
// (handing off instead after HANDOFF_AFTER_UNHELPFUL_TURNS non-answers in a row). Later features plug into their
// own stage (flows, routes) instead of editing one big function.

import { bundledKnowledge } from "../ai/knowledge";
import { KeywordRetriever, type Retriever } from "../ai/retrieval";
import type { Config } from "../config";
import { activeFlowStage, type FlowEngine, NO_FLOWS } from "./stages/active-flow";
import { agentKeywordsStage } from "./stages/agent-keywords";
import { agentStateStage } from "./stages/agent-state";
import { brainStage } from "./stages/brain";
import { globalCommandsStage } from "./stages/global-commands";
import { type KeywordRoute, keywordRoutesStage } from "./stages/keyword-routes";
import { silenceStage } from "./stages/silence";
import { unhelpfulHandoff } from "./stages/unhelpful-handoff";
import type { Stage } from "./types";

export interface PipelineOptions {
  flows?: FlowEngine;
  routes?: readonly KeywordRoute[];
  /** The brain's knowledge search; the bundled knowledge base (validated here, at start-up) by default. */
  retriever?: Retriever;
}

export function turnPipeline(config: Config, options: PipelineOptions = {}): Stage[] {
  return [
    globalCommandsStage,
    silenceStage(config.silentKeywords),
    agentStateStage,
    agentKeywordsStage(config.handoff.keywords),
    activeFlowStage(options.flows ?? NO_FLOWS),
    keywordRoutesStage(options.routes ?? []),
    unhelpfulHandoff(
      brainStage(options.retriever ?? new KeywordRetriever(bundledKnowledge())),
      config.handoff.afterUnhelpfulTurns,
    ),
  ];
}
