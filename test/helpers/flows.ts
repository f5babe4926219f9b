// Helpers for flow tests: a scripted fake of the operator's backend (the flows' injectable fetch), and a way
// to give one conversation's live instance the flows wired to it (again after an eviction).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Conversation } from "../../src/conversation/conversation";
import { flowPipelineOptions } from "../../src/flows/catalog";
import type { FlowFetch } from "../../src/flows/http-action";
import type { LoadedFlow } from "../../src/flows/loader";
import type { FlowDefinition } from "../../src/flows/schema";
import type { Language } from "../../src/i18n/languages";
import { turnPipeline } from "../../src/pipeline/stages";
import { conversation } from "./conversation";

export interface BackendCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fake backend: records each request, answers with `answer` (which may hang until the request is aborted). */
export function fakeBackend(answer: (call: BackendCall, signal: AbortSignal) => Response | Promise<Response>) {
  const calls: BackendCall[] = [];
  const fetch: FlowFetch = async (request) => {
    const call = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    };
    calls.push(call);
    return answer(call, request.signal);
  };
  return { calls, fetch };
}

/** Never answers; rejects when the caller's timeout aborts it (like a hung backend). */
export function hang(signal: AbortSignal): Promise<Response> {
  return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
}

/** Wires the flows (with this backend fetch, and optionally other flow definitions) into the live instance. */
export async function useFlows(name: string, fetch: FlowFetch, flows?: readonly LoadedFlow[]): Promise<void> {
  await runInDurableObject(conversation(name), (instance: Conversation) => {
    const { config } = instance.deps;
    instance.deps = {
      ...instance.deps,
      stages: turnPipeline(config, flowPipelineOptions(config, env, { fetch, flows })),
    };
  });
}

/** The stored flow state and the active_flow meta key, straight from SQLite. */
export async function flowStorage(name: string) {
  return runInDurableObject(conversation(name), (_instance: Conversation, state) => ({
    activeFlow: state.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'active_flow'")
      .toArray()[0]?.value,
    row: state.storage.sql
      .exec<{ flow_id: string; step: string; answers: string; attempts: number; language: string }>(
        "SELECT flow_id, step, answers, attempts, language FROM flow_state",
      )
      .toArray()[0],
    timer: state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = 'flow'").toArray()[0]
      ?.due_at,
  }));
}

/** Moves the flow's idle deadline (row and timer) to now, as if its timeout had passed, and fires the alarm. */
export async function expireFlowNow(name: string): Promise<void> {
  await runInDurableObject(conversation(name), async (_instance: Conversation, state) => {
    const now = Date.now();
    state.storage.sql.exec("UPDATE flow_state SET expires_at = ?", now);
    state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE name = 'flow'", now);
    await state.storage.setAlarm(now);
  });
}

/** A step's text in every language its flow file gives (expected messages come from the flow files themselves). */
export function stepText(flow: FlowDefinition, stepId: string): Partial<Record<Language, string>> & { en: string } {
  const step = flow.steps.find((s) => s.id === stepId);
  if (!step || !("text" in step) || !step.text) throw new Error(`no text on step ${stepId} of ${flow.id}`);
  return step.text;
}

/** The same for an ask step's "invalid answer" text. */
export function invalidText(flow: FlowDefinition, stepId: string): string {
  const step = flow.steps.find((s) => s.id === stepId);
  if (step?.kind !== "ask") throw new Error(`no ask step ${stepId} in ${flow.id}`);
  return step.invalid.en;
}
