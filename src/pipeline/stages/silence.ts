// Stage 2: words another Braze Canvas answers (SILENT_KEYWORDS). An action-based webhook campaign fires on
// every inbound message, so without this the customer would get two replies. Silenced messages are stored
// and logged, never answered.
import { normalizeKeyword } from "../../i18n/normalize";
import type { Stage, StageResult, Turn } from "../types";

export function silenceStage(keywords: readonly string[]): Stage {
  const silent = new Set(keywords.map(normalizeKeyword).filter((k) => k !== ""));
  return {
    name: "silence",
    run(turn: Turn): StageResult {
      if (silent.size === 0) return { kind: "pass" };
      const silenced = turn.messages.filter((m) => silent.has(normalizeKeyword(m.text)));
      if (silenced.length === 0) return { kind: "pass" };
      return {
        kind: "pass",
        actions: [{ type: "settle", seqs: silenced.map((m) => m.seq), outcome: "silenced" }],
        remaining: turn.messages.filter((m) => !silenced.includes(m)),
      };
    },
  };
}
