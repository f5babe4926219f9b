// The flows this deployment serves: the bundled flow files (checked at start-up, src/flows/bundled.ts) minus
// any whose backend variable is unset or invalid (disabled with one error log naming flow and variable,
// so one sample flow's missing URL never takes the whole assistant down). Also builds the pipeline's
// flow engine and route, with the backend fetch injectable for tests.
import { type Config, isLoopbackHost } from "../config";
import { log } from "../log";
import type { PipelineOptions } from "../pipeline/stages";
import { BUNDLED_FLOWS } from "./bundled";
import { DEMO_BACKEND_URL, demoBackend } from "./demo-backend";
import { FlowEngine } from "./engine";
import type { FlowFetch } from "./http-action";
import type { LoadedFlow } from "./loader";
import { matchTrigger, type TriggerMatch } from "./triggers";

export interface FlowCatalog {
  get(flowId: string): LoadedFlow | undefined;
  match(text: string): TriggerMatch | undefined;
  ids(): string[];
}

export function catalogOf(flows: readonly LoadedFlow[]): FlowCatalog {
  const byId = new Map(flows.map((f) => [f.flow.id, f]));
  const triggers = flows.map((f) => f.triggers);
  return {
    get: (flowId) => byId.get(flowId),
    match: (text) => matchTrigger(triggers, text),
    ids: () => [...byId.keys()],
  };
}

/** Reads a variable a flow names; a URL variable set to "demo" means the built-in demo backend, locally only. */
export function flowVariables(config: Config, env: object): (name: string) => string | undefined {
  return (name) => {
    const value = (env as Record<string, unknown>)[name];
    if (typeof value !== "string" || value.trim() === "") return undefined;
    if (value.trim() === "demo" && config.braze.kind === "local") return DEMO_BACKEND_URL;
    return value.trim();
  };
}

/** Why a backend base URL cannot be used, or undefined when it can. */
function urlProblem(value: string | undefined, raw: unknown): string | undefined {
  if (value === undefined) return "is not set";
  if (value === DEMO_BACKEND_URL) return undefined;
  if (raw === "demo") return '"demo" only works with BRAZE_REST_ENDPOINT=local';
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))) return undefined;
  } catch {
    // falls through
  }
  return "must be an https:// URL (http:// only on localhost)";
}

const enabledCache = new WeakMap<object, FlowCatalog>();

/** The bundled flows whose backend variables are usable here; cached per environment. */
export function enabledFlows(config: Config, env: object, flows: readonly LoadedFlow[] = BUNDLED_FLOWS): FlowCatalog {
  const cached = flows === BUNDLED_FLOWS ? enabledCache.get(env) : undefined;
  if (cached) return cached;
  const variable = flowVariables(config, env);
  const enabled = flows.filter(({ flow }) => {
    for (const step of flow.steps) {
      if (step.kind !== "http") continue;
      const problem = urlProblem(variable(step.urlVar), (env as Record<string, unknown>)[step.urlVar]);
      if (problem) {
        log("error", "flow.disabled", { flow: flow.id, step: step.id, variable: step.urlVar, problem });
        return false;
      }
    }
    return true;
  });
  const catalog = catalogOf(enabled);
  if (flows === BUNDLED_FLOWS) enabledCache.set(env, catalog);
  return catalog;
}

export interface FlowOptions {
  /** The backend fetch (tests pass a fake); the demo backend is always answered in-process. */
  fetch?: FlowFetch;
  flows?: readonly LoadedFlow[];
}

/** The flow engine and its keyword route, for turnPipeline(). */
export function flowPipelineOptions(config: Config, env: object, options: FlowOptions = {}): PipelineOptions {
  const outbound: FlowFetch = options.fetch ?? ((request) => fetch(request));
  const engine = new FlowEngine(enabledFlows(config, env, options.flows), {
    variable: flowVariables(config, env),
    fetch: (request) => (request.url.startsWith(`${DEMO_BACKEND_URL}/`) ? demoBackend(request) : outbound(request)),
  });
  return { flows: engine, routes: [engine.route()] };
}
