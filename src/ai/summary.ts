// The rolling summary of turns that no longer fit the prompt's recent history. Extractive and deterministic
// (no model call, so it costs nothing and the offline provider and evaluation see the same text): each folded
// customer turn keeps its opening words, each assistant turn a shorter head; the newest lines are kept within
// SUMMARY_MAX_TOKENS, so the summary, like the prompt, stays the same size however long the chat gets.
import type { HistoryTurn } from "../conversation/history";
import { neutralizeTags, SUMMARY_MAX_TOKENS } from "./prompt";
import { capChars, estimateTokens } from "./tokens";

const CUSTOMER_CHARS = 140;
const ASSISTANT_CHARS = 80;

/** The previous summary with `folded` (oldest first) appended, trimmed from the oldest line. */
export function rollSummary(previous: string | undefined, folded: readonly HistoryTurn[]): string {
  const lines = (previous ?? "").split("\n").filter((line) => line.trim() !== "");
  for (const turn of folded) {
    // Customer words end up in the system prompt here: no tag of theirs may survive into it.
    const text = neutralizeTags(turn.text).replace(/\s+/g, " ").trim();
    if (text === "") continue;
    lines.push(
      turn.role === "customer"
        ? `- Customer: ${capChars(text, CUSTOMER_CHARS)}`
        : `- Assistant: ${capChars(text, ASSISTANT_CHARS)}`,
    );
  }
  while (lines.length > 1 && estimateTokens(lines.join("\n")) > SUMMARY_MAX_TOKENS) lines.shift();
  return lines.join("\n");
}

/** How many of the newest turns stay verbatim: at most `maxTurns`, and together at most `maxTokens`. */
export function recentWindow(history: readonly HistoryTurn[], maxTurns: number, maxTokens: number): number {
  let used = 0;
  let kept = 0;
  for (let i = history.length - 1; i >= 0 && kept < maxTurns; i--) {
    const cost = estimateTokens(history[i]?.text ?? "") + 4;
    if (used + cost > maxTokens) break;
    used += cost;
    kept++;
  }
  return kept;
}
