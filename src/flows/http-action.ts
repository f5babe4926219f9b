// A flow's call to the operator's backend, inside the turn: the collected answers as JSON, a bounded time,
// and a response checked against the fields the flow declared. Every failure (timeout, network, non-2xx,
// a body that does not match) becomes an outcome the flow routes with `onError`: never an exception.
import { describeError, log } from "../log";
import { withTimeout } from "../timeout";
import type { HttpStep } from "./schema";
import { render, type ScopeValue, type TemplateScope } from "./template";

/** Injectable so tests (and the local demo backend) answer without a network. */
export type FlowFetch = (request: Request) => Promise<Response>;

export interface HttpContext {
  flowId: string;
  fetch: FlowFetch;
  /** The value of an environment variable or secret the flow names; undefined when unset. */
  variable(name: string): string | undefined;
  /** The same for every attempt of one step of one flow run, so a backend can ignore a repeat. */
  idempotencyKey: string;
}

export type HttpOutcome =
  | { kind: "ok"; response: Record<string, ScopeValue> }
  | { kind: "not_found" }
  | { kind: "failed"; reason: string };

/** A backend answer larger than this is refused (by its Content-Length before reading, when it has one). */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Response strings end up in WhatsApp messages: keep them message-sized. */
const MAX_FIELD_LENGTH = 500;

export async function callBackend(step: HttpStep, scope: TemplateScope, context: HttpContext): Promise<HttpOutcome> {
  const started = Date.now();
  const outcome = await attempt(step, scope, context);
  log(outcome.kind === "failed" ? "warn" : "info", "flow.http", {
    flow: context.flowId,
    step: step.id,
    outcome: outcome.kind === "failed" ? outcome.reason : outcome.kind,
    tookMs: Date.now() - started,
  });
  return outcome;
}

/** A customer's answer in a URL path: "." too is escaped, so ".." can never climb to another path. */
function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, "%2E");
}

async function attempt(step: HttpStep, scope: TemplateScope, context: HttpContext): Promise<HttpOutcome> {
  const base = context.variable(step.urlVar);
  if (!base) return { kind: "failed", reason: `${step.urlVar} is not set` };
  const url = `${base.replace(/\/+$/, "")}${render(step.path, scope, pathSegment)}`;
  const headers = new Headers({ Accept: "application/json", "Idempotency-Key": context.idempotencyKey });
  const token = step.tokenVar ? context.variable(step.tokenVar) : undefined;
  if (token) headers.set("Authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (step.method === "POST") {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify({ flow: context.flowId, answers: scope.answers });
  }
  try {
    return await withTimeout(step.timeoutMs, async (signal) => {
      // A redirect could carry the bearer token elsewhere: the operator's backend answers, or the call fails.
      const request = new Request(url, { method: step.method, headers, body, signal, redirect: "manual" });
      const response = await context.fetch(request);
      if (response.status === 404 && step.onNotFound) {
        await response.body?.cancel();
        return { kind: "not_found" } as const;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { kind: "failed", reason: `status ${response.status}` } as const;
      }
      return readResponse(step, response);
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return { kind: "failed", reason: timedOut ? "timeout" : `network: ${describeError(error).slice(0, 120)}` };
  }
}

async function readResponse(step: HttpStep, response: Response): Promise<HttpOutcome> {
  if (Number(response.headers.get("Content-Length")) > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    return { kind: "failed", reason: "response too large" };
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) return { kind: "failed", reason: "response too large" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "failed", reason: "response is not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { kind: "failed", reason: "response is not a JSON object" };
  }
  const fields: Record<string, ScopeValue> = {};
  for (const [name, type] of Object.entries(step.response)) {
    const value = (json as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue; // optional: a template renders it as ""
    if (typeof value !== type) return { kind: "failed", reason: `response field ${name} is not a ${type}` };
    fields[name] = typeof value === "string" ? value.slice(0, MAX_FIELD_LENGTH) : (value as number | boolean);
  }
  return { kind: "ok", response: fields };
}
