// Stage 6, the last: the model answers the whole burst in one reply. A model failure fails the turn (the
// conversation retries it with backoff, messages kept); after MODEL_MAX_ATTEMPTS the customer is told
// instead of waiting forever.
import { ModelError } from "../../ai/model";
import { withTimeout } from "../../timeout";
import type { Stage, StageResult, Turn, TurnAction } from "../types";

/** Earlier turns offered to the model; its provider trims them again to the token budget. */
export const HISTORY_TURNS_OFFERED = 40;

/** Attempts of one turn before the customer gets the "can't answer right now" message. */
export const MODEL_MAX_ATTEMPTS = 5;

export const aiAnswerStage: Stage = {
  name: "ai",
  async run(turn: Turn): Promise<StageResult> {
    const { view, services } = turn;
    const settle: TurnAction = { type: "settle", seqs: turn.messages.map((m) => m.seq), outcome: "answered" };
    const texts = turn.messages.map((m) => m.text).filter((t) => t.trim() !== "");
    if (texts.length === 0) {
      return { kind: "stop", actions: [settle, { type: "catalog_reply", key: "mediaOnly", language: view.language }] };
    }
    try {
      const reply = await withTimeout(services.config.modelTimeoutMs, (signal) =>
        services.model.reply(
          {
            history: view.history(HISTORY_TURNS_OFFERED).map((h) => ({ ...h, text: services.redactForModel(h.text) })),
            messages: texts.map(services.redactForModel),
            language: view.language,
          },
          signal,
        ),
      );
      return { kind: "stop", actions: [settle, { type: "reply", text: reply.text, format: "markdown" }] };
    } catch (error) {
      if (services.failedAttempts + 1 < MODEL_MAX_ATTEMPTS) {
        throw error instanceof ModelError ? error : new ModelError("model call failed", { cause: error });
      }
      return {
        kind: "stop",
        actions: [settle, { type: "catalog_reply", key: "modelUnavailable", language: view.language }],
      };
    }
  },
};
