// Where the customer is in a multi-step flow: one row (a customer is in at most one flow), written in the
// turn's atomic commit with the replies it caused, so a flow survives eviction and resumes exactly where it
// was. The `active_flow` meta key names the flow for the pipeline; the "flow" timer abandons an idle one.
import { z } from "zod";
import { LANGUAGES } from "../i18n/languages";
import type { ActiveFlowState } from "../pipeline/types";
import type { MetaStore } from "./meta";
import type { TimerStore } from "./timers";

interface FlowStateRow extends Record<string, SqlStorageValue> {
  flow_id: string;
  run_id: string;
  step: string;
  answers: string;
  attempts: number;
  response: string | null;
  language: string;
  started_at: number;
  last_activity_at: number;
  expires_at: number;
}

/** Stored JSON is checked on the way back in: a bad row ends the flow instead of crashing every turn. */
const Answers = z.record(z.string(), z.union([z.string(), z.number()]));
const Response = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable();

export class FlowStateStore {
  constructor(private readonly sql: SqlStorage) {}

  get(): ActiveFlowState | undefined {
    const row = this.sql.exec<FlowStateRow>("SELECT * FROM flow_state WHERE id = 1").toArray()[0];
    if (!row) return undefined;
    const answers = Answers.safeParse(parseJson(row.answers));
    const response = Response.safeParse(row.response === null ? null : parseJson(row.response));
    const language = LANGUAGES.find((l) => l === row.language);
    if (!answers.success || !response.success || !language) return undefined;
    return {
      flowId: row.flow_id,
      runId: row.run_id,
      step: row.step,
      answers: answers.data,
      attempts: row.attempts,
      response: response.data,
      language,
      startedAt: row.started_at,
      lastActivityAt: row.last_activity_at,
      expiresAt: row.expires_at,
    };
  }

  put(state: ActiveFlowState): void {
    this.sql.exec(
      `INSERT INTO flow_state (id, flow_id, run_id, step, answers, attempts, response, language, started_at, last_activity_at, expires_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET flow_id = excluded.flow_id, run_id = excluded.run_id, step = excluded.step,
         answers = excluded.answers, attempts = excluded.attempts, response = excluded.response,
         language = excluded.language, started_at = excluded.started_at,
         last_activity_at = excluded.last_activity_at, expires_at = excluded.expires_at`,
      state.flowId,
      state.runId,
      state.step,
      JSON.stringify(state.answers),
      state.attempts,
      state.response === null ? null : JSON.stringify(state.response),
      state.language,
      state.startedAt,
      state.lastActivityAt,
      state.expiresAt,
    );
  }

  delete(): void {
    this.sql.exec("DELETE FROM flow_state");
  }
}

/** Starts or advances a flow (the `flow_state` turn action). */
export function saveFlowState(
  stores: { flowState: FlowStateStore; meta: MetaStore; timers: TimerStore },
  state: ActiveFlowState,
): void {
  stores.flowState.put(state);
  if (stores.meta.get("active_flow") !== state.flowId) stores.meta.set("active_flow", state.flowId);
  stores.timers.set("flow", state.expiresAt, 0);
}

/** Ends whatever flow is active (end_flow, RESET): its answers go with it. */
export function clearFlowState(stores: { flowState: FlowStateStore; meta: MetaStore; timers: TimerStore }): void {
  stores.flowState.delete();
  stores.meta.delete("active_flow");
  stores.timers.clear("flow");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
