// Turns flow files into checked flows at start-up, failing loudly with the flow and step named: the schema
// first, then what spans steps (unknown step references, templates naming answers or response fields that
// no step provides, a loop no question breaks, one trigger claimed by two flows).
import type { z } from "zod";
import { LANGUAGES } from "../i18n/languages";
import { normalizeKeyword } from "../i18n/normalize";
import { type Flow, FlowSchema, type FlowStep } from "./schema";
import { placeholdersIn } from "./template";
import { type CompiledTriggers, compileTriggers } from "./triggers";

export class FlowDefinitionError extends Error {
  constructor(flowId: string, where: string, problem: string) {
    super(`flow "${flowId}"${where ? `, ${where}` : ""}: ${problem}`);
    this.name = "FlowDefinitionError";
  }
}

export interface LoadedFlow {
  flow: Flow;
  steps: ReadonlyMap<string, FlowStep>;
  triggers: CompiledTriggers;
  /** Where a step goes when it says nothing: the step after it in the list. */
  nextOf(step: FlowStep): string | undefined;
}

export function loadFlows(definitions: readonly unknown[]): LoadedFlow[] {
  const loaded = definitions.map(loadFlow);
  const seenIds = new Set<string>();
  const seenKeywords = new Map<string, string>();
  for (const { flow } of loaded) {
    if (seenIds.has(flow.id)) throw new FlowDefinitionError(flow.id, "", "another flow has the same id");
    seenIds.add(flow.id);
    for (const word of Object.values(flow.triggers.keywords).flat()) {
      const key = normalizeKeyword(word ?? "");
      const owner = seenKeywords.get(key);
      if (owner) throw new FlowDefinitionError(flow.id, `trigger "${word}"`, `flow "${owner}" has it too`);
      seenKeywords.set(key, flow.id);
    }
  }
  return loaded;
}

export function loadFlow(definition: unknown, index = 0): LoadedFlow {
  const parsed = FlowSchema.safeParse(definition);
  const idGuess = (definition as { id?: unknown } | null)?.id;
  const flowId = typeof idGuess === "string" ? idGuess : `#${index + 1}`;
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new FlowDefinitionError(flowId, describePath(definition, issue.path), issue.message);
  }
  const flow = parsed.data;
  const steps = new Map<string, FlowStep>();
  for (const step of flow.steps) {
    if (steps.has(step.id)) throw new FlowDefinitionError(flow.id, `step "${step.id}"`, "two steps have this id");
    steps.set(step.id, step);
  }
  const order = flow.steps.map((s) => s.id);
  const nextOf = (step: FlowStep) => ("next" in step && step.next) || order[order.indexOf(step.id) + 1];
  const result: LoadedFlow = { flow, steps, triggers: compileTriggers(flow), nextOf };
  checkReferences(result);
  checkTemplates(flow);
  checkChoices(flow);
  checkLoops(result);
  return result;
}

/** "steps[2].text.en" becomes `step "lookup", text.en`. */
function describePath(definition: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
    const step = (definition as { steps?: { id?: unknown }[] }).steps?.[path[1]];
    const name = typeof step?.id === "string" ? `step "${step.id}"` : `step #${path[1] + 1}`;
    return path.length > 2 ? `${name}, ${path.slice(2).join(".")}` : name;
  }
  return path.join(".");
}

/** Every step a step can lead to. */
function targetsOf(loaded: LoadedFlow, step: FlowStep): string[] {
  switch (step.kind) {
    case "branch":
      return [...step.cases.map((c) => c.next), step.otherwise];
    case "http":
      return [loaded.nextOf(step), step.onError, step.onNotFound].filter((t): t is string => t !== undefined);
    case "handoff":
    case "end":
      return [];
    default: {
      const next = loaded.nextOf(step);
      if (next === undefined) {
        throw new FlowDefinitionError(loaded.flow.id, `step "${step.id}"`, "is the last step: add an end step");
      }
      return [next];
    }
  }
}

function checkReferences(loaded: LoadedFlow): void {
  for (const step of loaded.flow.steps) {
    for (const target of targetsOf(loaded, step)) {
      if (!loaded.steps.has(target)) {
        throw new FlowDefinitionError(loaded.flow.id, `step "${step.id}"`, `goes to "${target}", which does not exist`);
      }
    }
  }
}

function templatesOf(step: FlowStep): string[] {
  const texts = (t: Record<string, string | undefined> | undefined) => Object.values(t ?? {}).filter(isString);
  switch (step.kind) {
    case "message":
      return texts(step.text);
    case "ask":
      return [...texts(step.text), ...texts(step.invalid), ...texts(step.giveUpText)];
    case "branch":
      return [`{{${step.on}}}`];
    case "http":
      return [step.path];
    case "set_attributes":
      return Object.values(step.attributes).filter(isString);
    case "event":
      return Object.values(step.properties).filter(isString);
    case "handoff":
    case "end":
      return texts(step.text);
  }
}

function checkTemplates(flow: Flow): void {
  const answers = new Set(flow.steps.flatMap((s) => (s.kind === "ask" ? [s.save] : [])));
  const fields = new Set(flow.steps.flatMap((s) => (s.kind === "http" ? Object.keys(s.response) : [])));
  const check = (where: string, template: string) => {
    for (const { raw, parsed } of placeholdersIn(template)) {
      const known = parsed && (parsed.root === "answers" ? answers : fields).has(parsed.name);
      if (!known) {
        const hint = parsed ? "no step provides it" : "use {{answers.<name>}} or {{response.<field>}}";
        throw new FlowDefinitionError(flow.id, where, `${raw}: ${hint}`);
      }
    }
  };
  for (const step of flow.steps) for (const t of templatesOf(step)) check(`step "${step.id}"`, t);
  for (const t of Object.values(flow.abandonText).filter(isString)) check("abandonText", t);
  for (const t of Object.values(flow.completion.properties).filter(isString)) check("completion", t);
}

/** WhatsApp refuses two buttons with the same label, and the customer could not tell them apart either. */
function checkChoices(flow: Flow): void {
  for (const step of flow.steps) {
    if (step.kind !== "ask" || step.answer.type !== "choice") continue;
    const values = step.answer.options.map((o) => o.value);
    if (new Set(values).size !== values.length) {
      throw new FlowDefinitionError(flow.id, `step "${step.id}"`, "two options have the same value");
    }
    for (const language of LANGUAGES) {
      const labels = step.answer.options.map((o) => normalizeKeyword(o.label[language] ?? o.label.en));
      if (new Set(labels).size !== labels.length) {
        throw new FlowDefinitionError(flow.id, `step "${step.id}"`, `two buttons read the same in ${language}`);
      }
    }
  }
}

/** A cycle of steps with no question in it would spin inside one turn: refuse it at load time. */
function checkLoops(loaded: LoadedFlow): void {
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, path: string[]): void => {
    const step = loaded.steps.get(id);
    if (!step || step.kind === "ask" || state.get(id) === "done") return;
    if (state.get(id) === "visiting") {
      throw new FlowDefinitionError(loaded.flow.id, `steps ${[...path, id].join(" → ")}`, "loop without a question");
    }
    state.set(id, "visiting");
    for (const target of targetsOf(loaded, step)) visit(target, [...path, id]);
    state.set(id, "done");
  };
  for (const step of loaded.flow.steps) visit(step.id, []);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
