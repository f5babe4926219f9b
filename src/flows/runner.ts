// Runs a flow's steps: checks the answer to the waiting question (re-asking a bounded number of times), then
// walks messages, branches, backend calls and Braze updates until the next question, a handoff or the end.
// Pure apart from the backend call: it returns actions and the new state, and the turn commits them at once.
import type { Language } from "../i18n/languages";
import { log } from "../log";
import type { ActiveFlowState, TurnAction } from "../pipeline/types";
import { checkAnswer } from "./answers";
import { callBackend, type HttpContext } from "./http-action";
import type { LoadedFlow } from "./loader";
import type { AskStep, FlowStep, LocalizedText } from "./schema";
import { lookup, parsePlaceholder, render, renderValue, type ScopeValue, type TemplateScope } from "./template";

/** Flows are checked for loops without a question at load time; this only guards against a missed case. */
const MAX_STEPS_PER_TURN = 50;

export type RunEnd =
  | { kind: "waiting" }
  | { kind: "completed" }
  | { kind: "gave_up"; fallback: "handoff" | "end" }
  | { kind: "handoff"; reason: string }
  | { kind: "broken"; reason: string };

export interface RunResult {
  actions: TurnAction[];
  end: RunEnd;
  state: ActiveFlowState;
}

export type BackendAccess = Omit<HttpContext, "flowId" | "idempotencyKey"> & {
  /** The same on every attempt of one turn of one flow run, different for the next turn (idempotency keys). */
  turnKey: string;
};

export function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? text.en;
}

/** The customer answered the waiting question: store it and go on, or re-ask, or give up. */
export async function answerQuestion(
  loaded: LoadedFlow,
  state: ActiveFlowState,
  input: string,
  backend: BackendAccess,
): Promise<RunResult> {
  const step = loaded.steps.get(state.step);
  if (step?.kind !== "ask") return { actions: [], end: { kind: "broken", reason: "step gone" }, state };
  const check = checkAnswer(step.answer, input);
  if (check.ok) {
    const next = { ...state, answers: { ...state.answers, [step.save]: check.value }, attempts: 0 };
    return runFrom(loaded, next, loaded.nextOf(step) ?? "", backend);
  }
  const attempts = state.attempts + 1;
  const scope = scopeOf(state);
  if (attempts >= step.maxAttempts) {
    const actions: TurnAction[] = step.giveUpText ? [reply(step.giveUpText, state.language, scope)] : [];
    return { actions, end: { kind: "gave_up", fallback: step.onGiveUp }, state: { ...state, attempts } };
  }
  const reAsk = `${render(localized(step.invalid, state.language), scope)}\n\n${render(localized(step.text, state.language), scope)}`;
  const actions: TurnAction[] = [{ type: "reply", text: reAsk, format: "plain", ...buttonsOf(step, state.language) }];
  return { actions, end: { kind: "waiting" }, state: { ...state, attempts } };
}

/** Runs from `stepId` until the flow needs the customer again or ends. */
export async function runFrom(
  loaded: LoadedFlow,
  initial: ActiveFlowState,
  stepId: string,
  backend: BackendAccess,
): Promise<RunResult> {
  const actions: TurnAction[] = [];
  let state = initial;
  let current = stepId;
  for (let count = 0; count < MAX_STEPS_PER_TURN; count++) {
    const step = loaded.steps.get(current);
    if (!step) return { actions, end: { kind: "broken", reason: `no step ${current}` }, state };
    const scope = scopeOf(state);
    switch (step.kind) {
      case "ask":
        actions.push(question(step, state.language, scope));
        return { actions, end: { kind: "waiting" }, state: { ...state, step: step.id, attempts: 0 } };
      case "handoff":
        if (step.text) actions.push(reply(step.text, state.language, scope));
        return { actions, end: { kind: "handoff", reason: step.reason }, state };
      case "end":
        if (step.text) actions.push(reply(step.text, state.language, scope));
        actions.push(completionEvent(loaded, scope));
        return { actions, end: { kind: "completed" }, state };
      case "http": {
        const context = { ...backend, flowId: loaded.flow.id, idempotencyKey: `${backend.turnKey}:${step.id}` };
        const outcome = await callBackend(step, scope, context);
        if (outcome.kind === "ok") state = { ...state, response: outcome.response };
        current = nextAfterHttp(loaded, step, outcome.kind);
        continue;
      }
      default:
        actions.push(...effectsOf(step, state.language, scope));
        current = step.kind === "branch" ? branchTarget(step, scope) : (loaded.nextOf(step) ?? "");
    }
  }
  log("error", "flow.step_limit", { flow: loaded.flow.id, step: current });
  return { actions, end: { kind: "broken", reason: "step limit" }, state };
}

function nextAfterHttp(loaded: LoadedFlow, step: Extract<FlowStep, { kind: "http" }>, outcome: string): string {
  if (outcome === "ok") return loaded.nextOf(step) ?? "";
  if (outcome === "not_found" && step.onNotFound) return step.onNotFound;
  return step.onError;
}

/** What a message, attribute or event step adds to the turn. */
function effectsOf(step: FlowStep, language: Language, scope: TemplateScope): TurnAction[] {
  switch (step.kind) {
    case "message":
      return [reply(step.text, language, scope)];
    case "set_attributes":
      return [{ type: "update_profile", attributes: renderRecord(step.attributes, scope) }];
    case "event":
      return [
        { type: "update_profile", events: [{ name: step.name, properties: renderRecord(step.properties, scope) }] },
      ];
    default:
      return [];
  }
}

function branchTarget(step: Extract<FlowStep, { kind: "branch" }>, scope: TemplateScope): string {
  const path = parsePlaceholder(step.on);
  const value = path ? lookup(scope, path) : undefined;
  const said = value === undefined || value === null ? undefined : String(value).toLowerCase();
  return step.cases.find((c) => String(c.equals).toLowerCase() === said)?.next ?? step.otherwise;
}

function completionEvent(loaded: LoadedFlow, scope: TemplateScope): TurnAction {
  const properties = { ...renderRecord(loaded.flow.completion.properties, scope), flow: loaded.flow.id };
  return { type: "update_profile", events: [{ name: "ai_flow_completed", properties }] };
}

function renderRecord(values: Record<string, ScopeValue>, scope: TemplateScope): Record<string, ScopeValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, renderValue(value, scope)]));
}

function reply(text: LocalizedText, language: Language, scope: TemplateScope): TurnAction {
  return { type: "reply", text: render(localized(text, language), scope), format: "plain" };
}

function question(step: AskStep, language: Language, scope: TemplateScope): TurnAction {
  return {
    type: "reply",
    text: render(localized(step.text, language), scope),
    format: "plain",
    ...buttonsOf(step, language),
  };
}

/** A choice question's options become quick-reply buttons (the delivery renders numbered lines without them). */
function buttonsOf(step: AskStep, language: Language): { buttons?: string[] } {
  if (step.answer.type !== "choice") return {};
  return { buttons: step.answer.options.map((o) => o.label[language] ?? o.label.en) };
}

export function scopeOf(state: ActiveFlowState): TemplateScope {
  return { answers: state.answers, response: state.response };
}
