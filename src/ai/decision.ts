// What the brain decides for a turn, validated with zod wherever it comes from: answer (with the knowledge
// entries used), pass to a person, or ask the customer to clarify; plus topic, detected language, confidence.
// A model's raw output is a trust boundary: parseDecision is lenient about wrapping (code fences, prose around
// the JSON, a "kind" spelled "action") but never lets an invalid shape through.
import { z } from "zod";
import { LANGUAGES, type Language } from "../i18n/languages";

const Common = {
  topic: z.string().trim().max(80).default("general"),
  language: z.enum(LANGUAGES),
  confidence: z.number().min(0).max(1),
};

export const DecisionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("reply"),
    text: z.string().trim().min(1).max(8000),
    sources: z.array(z.string().max(80)).max(10).default([]),
    ...Common,
  }),
  z.object({ kind: z.literal("handoff"), reason: z.string().trim().min(1).max(200), ...Common }),
  z.object({ kind: z.literal("clarify"), text: z.string().trim().min(1).max(2000), ...Common }),
]);
export type Decision = z.infer<typeof DecisionSchema>;

/**
 * The schema the model is asked to fill (a flat object: JSON-schema support for unions varies between
 * providers and small models). `toDecision` turns it into a Decision.
 */
export const ModelDecisionSchema = z.object({
  kind: z.enum(["reply", "handoff", "clarify"]),
  text: z.string().describe("The message to the customer (reply or clarify), in their language. Empty for handoff."),
  sources: z.array(z.string()).describe("Ids of the knowledge entries the reply used."),
  reason: z.string().describe("Why a person should take over (handoff only)."),
  topic: z.string().describe("A short topic label, e.g. delivery, returns, smalltalk."),
  language: z.enum(LANGUAGES).describe("The language the customer writes in."),
  confidence: z.number().min(0).max(1).describe("0..1: how sure you are the reply is right and grounded."),
});

/** Parses a model's output into a Decision, or explains why it could not. Never throws. */
export function parseDecision(
  raw: string,
  fallbackLanguage: Language,
): { ok: true; decision: Decision } | { ok: false; problem: string } {
  const json = extractJson(raw);
  if (json === undefined) return { ok: false, problem: "no JSON object in the output" };
  const candidate = normalise(json, fallbackLanguage);
  const parsed = DecisionSchema.safeParse(candidate);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => i.path.join(".") || "root").join(", ");
    return { ok: false, problem: `output does not match the decision schema (${paths})` };
  }
  return { ok: true, decision: parsed.data };
}

/** The first balanced JSON object in the text (models wrap it in ``` fences or a sentence). */
function extractJson(raw: string): unknown {
  const start = raw.indexOf("{");
  if (start < 0) return undefined;
  for (let end = raw.lastIndexOf("}"); end > start; end = raw.lastIndexOf("}", end - 1)) {
    try {
      return JSON.parse(raw.slice(start, end + 1)) as unknown;
    } catch {
      // try a shorter span
    }
  }
  return undefined;
}

/** Forgiving about spelling the model can get wrong without changing the meaning; strict about the rest. */
function normalise(json: unknown, fallbackLanguage: Language): unknown {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const o = { ...(json as Record<string, unknown>) };
  o.kind ??= o.decision ?? o.action ?? o.type;
  if (typeof o.kind === "string") o.kind = o.kind.trim().toLowerCase();
  if (typeof o.confidence === "string") o.confidence = Number(o.confidence);
  if (typeof o.language === "string") o.language = o.language.trim().toLowerCase().slice(0, 2);
  if (!(LANGUAGES as readonly unknown[]).includes(o.language)) o.language = fallbackLanguage;
  if (o.kind === "handoff" && (typeof o.reason !== "string" || o.reason.trim() === "")) o.reason = "model";
  if (typeof o.topic !== "string" || o.topic.trim() === "") o.topic = "general";
  return o;
}
