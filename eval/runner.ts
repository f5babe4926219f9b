// Runs one evaluation case through the real brain stage, turn by turn, as the conversation would: each
// earlier turn's reply joins the history, the language is detected as src/conversation/turn.ts does. Records
// what the last turn decided and what its prompt would cost a real model.
import { leakInReply } from "../src/ai/guardrails";
import type { ChatModel, ModelInput } from "../src/ai/model";
import { estimatePromptTokens, type Prompt } from "../src/ai/prompt";
import type { Config } from "../src/config";
import type { HistoryTurn } from "../src/conversation/history";
import { detectLanguage, type Language } from "../src/i18n/languages";
import { text } from "../src/i18n/texts";
import type { ConversationView, Stage, TurnAction } from "../src/pipeline/types";
import type { EvalCase } from "./cases";

export interface CaseResult {
  case: EvalCase;
  decision: "reply" | "handoff" | "clarify" | "other";
  sources: readonly string[];
  replyText: string;
  replyLanguage: Language | undefined;
  /** Estimated tokens of the last turn's prompt; undefined when no model was asked. */
  promptTokens: number | undefined;
  leaked: boolean;
  /** The passages retrieved for the last turn, "id score", for reading misses. */
  retrieved: string[];
}

export async function runCase(c: EvalCase, stage: Stage, model: ChatModel, config: Config): Promise<CaseResult> {
  const history: HistoryTurn[] = [];
  let language: Language = "en";
  let summary: ConversationView["summary"];
  let last: { actions: TurnAction[]; input: ModelInput | undefined; prompt: Prompt | undefined } = {
    actions: [],
    input: undefined,
    prompt: undefined,
  };
  for (const [i, message] of c.turns.entries()) {
    language = detectLanguage(message) ?? (i === 0 ? "en" : language);
    let input: ModelInput | undefined;
    let prompt: Prompt | undefined;
    const spy: ChatModel = {
      name: model.name,
      decide: async (modelInput, signal) => {
        input = modelInput;
        const answer = await model.decide(modelInput, signal);
        prompt = answer.prompt;
        return answer;
      },
    };
    const result = await stage.run({
      messages: [{ seq: i + 1, text: message, mediaCount: 0, receivedAt: i * 2 }],
      view: {
        optedOut: false,
        chatStatus: "bot",
        activeFlow: undefined,
        language,
        history: (n) => history.slice(-n),
        summary,
      },
      services: { config, model: spy, failedAttempts: 0, now: () => Date.UTC(2026, 0, 1), redactForModel: (t) => t },
    });
    const actions = result.actions ?? [];
    history.push({ role: "customer", text: message, at: i * 2 });
    const said = spokenText(actions);
    if (said) history.push({ role: "assistant", text: said, at: i * 2 + 1 });
    for (const action of actions)
      if (action.type === "set_summary") summary = { text: action.text, throughAt: action.throughAt };
    last = { actions, input, prompt };
  }
  return summarise(c, last);
}

/** `prompt`: the one the model was sent on the last turn (src/ai/model.ts ModelAnswer). */
function summarise(
  c: EvalCase,
  { actions, input, prompt }: { actions: TurnAction[]; input: ModelInput | undefined; prompt: Prompt | undefined },
): CaseResult {
  const handoff = actions.find((a) => a.type === "handoff");
  const reply = actions.find((a) => a.type === "reply");
  const catalog = actions.find((a) => a.type === "catalog_reply");
  const replyText = spokenText(actions);
  const decision = handoff ? "handoff" : reply?.type === "reply" ? (reply.facts?.decision ?? "reply") : "other";
  const replyLanguage =
    handoff?.type === "handoff"
      ? handoff.language
      : catalog?.type === "catalog_reply"
        ? catalog.language
        : detectLanguage(replyText);
  const forbidden = c.expect.mustNotContain ?? [];
  const leaked =
    forbidden.some((s) => replyText.toLowerCase().includes(s.toLowerCase())) ||
    (prompt !== undefined && leakInReply(replyText, prompt) !== undefined);
  return {
    case: c,
    decision,
    sources: reply?.type === "reply" ? (reply.facts?.sources ?? []) : [],
    replyText,
    replyLanguage,
    promptTokens: prompt ? estimatePromptTokens(prompt) : undefined,
    leaked,
    retrieved: (input?.passages ?? []).map((p) => `${p.entryId} ${p.score.toFixed(2)}`),
  };
}

/** What the customer would read from these actions. */
function spokenText(actions: readonly TurnAction[]): string {
  return actions
    .map((a) =>
      a.type === "reply"
        ? a.text
        : a.type === "catalog_reply"
          ? text(a.key, a.language)
          : a.type === "handoff"
            ? text("handoff", a.language)
            : "",
    )
    .filter((t) => t !== "")
    .join("\n");
}
