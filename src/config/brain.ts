// How the brain answers and when it steps aside: confidence thresholds, priority tiers, the history it keeps,
// the daily token budget, the operator's persona, and the whole messages it never answers. The persona default
// lives here, not in src/ai/, so that configuration depends on nothing it configures (src/ai/ reads it).
import { z } from "zod";
import { list, shareOf, wholeNumberIn } from "./fields";

/** Retrieval confidence below which the brain hands off; chosen from `npm run eval` (docs/evaluation.md). */
export const DEFAULT_MIN_CONFIDENCE = 0.35;
/** The same for customers in HANDOFF_PRIORITY_TIERS: they reach a person sooner. */
export const DEFAULT_PRIORITY_MIN_CONFIDENCE = 0.6;

/** The assistant's persona when BOT_BRAND_NAME / BOT_TONE are unset (src/ai/persona.ts turns it into instructions). */
export const DEFAULT_PERSONA = {
  brand: "our shop",
  tone: "friendly, concise and professional",
  /** Extra things the assistant must never do, one per entry. */
  never: [] as readonly string[],
};
export type Persona = typeof DEFAULT_PERSONA;

export const brainVariables = z.object({
  SILENT_KEYWORDS: list(),
  BRAIN_MIN_CONFIDENCE: shareOf(DEFAULT_MIN_CONFIDENCE),
  BRAIN_PRIORITY_MIN_CONFIDENCE: shareOf(DEFAULT_PRIORITY_MIN_CONFIDENCE),
  HANDOFF_PRIORITY_TIERS: list(),
  BRAIN_HISTORY_TURNS: wholeNumberIn(0, 40).default(10),
  MODEL_TOKENS_PER_DAY: wholeNumberIn(0, 100_000_000).default(200_000),
  BOT_BRAND_NAME: z.string().trim().min(1).max(100).optional(),
  BOT_TONE: z.string().trim().min(1).max(300).optional(),
  BOT_NEVER: list(/[;\n]/),
});
type BrainVariables = z.output<typeof brainVariables>;

/** `handoffKeywords`: HANDOFF_KEYWORDS, which the handoff settings share (src/config/handoff.ts). */
export function brainSettings(env: BrainVariables, handoffKeywords: string[]) {
  const persona: Persona = {
    brand: env.BOT_BRAND_NAME ?? DEFAULT_PERSONA.brand,
    tone: env.BOT_TONE ?? DEFAULT_PERSONA.tone,
    never: env.BOT_NEVER,
  };
  return {
    minConfidence: env.BRAIN_MIN_CONFIDENCE,
    priorityMinConfidence: env.BRAIN_PRIORITY_MIN_CONFIDENCE,
    /** Profile `loyalty_tier` values (case-insensitive) whose customers get priorityMinConfidence. */
    priorityTiers: env.HANDOFF_PRIORITY_TIERS.map((t) => t.toLowerCase()),
    /** Operator phrases that, like the built-in ones, mean "let me talk to a person". */
    handoffKeywords,
    /** Newest turns kept verbatim in the prompt; older ones are folded into the rolling summary. */
    historyTurns: env.BRAIN_HISTORY_TURNS,
    /** Model tokens per customer per UTC day (as reported, else estimated: src/ai/usage.ts); 0 = no limit. */
    tokensPerDay: env.MODEL_TOKENS_PER_DAY,
    persona,
  };
}
