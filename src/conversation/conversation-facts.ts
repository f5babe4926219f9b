// The brain's facts kept in `meta` as JSON (profile fields, model-token use), read back through zod: stored
// JSON is a trust boundary too (an older version, or a hand edit, may have written another shape).
import { z } from "zod";
import type { MetaStore } from "./meta";

const ModelTokens = z.object({ day: z.string(), tokens: z.number().nonnegative() });
const ProfileFields = z.record(z.string(), z.string());

export function readModelTokens(json: string | undefined): { day: string; tokens: number } | undefined {
  return parseJson(json, ModelTokens);
}

export function readProfile(json: string | undefined): Record<string, string> | undefined {
  return parseJson(json, ProfileFields);
}

export function readSummary(meta: MetaStore): { text: string; throughAt: number } | undefined {
  const text = meta.get("summary");
  const throughAt = meta.getNumber("summary_through_at");
  return text !== undefined && throughAt !== undefined && Number.isFinite(throughAt) ? { text, throughAt } : undefined;
}

function parseJson<T>(json: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
