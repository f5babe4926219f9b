/// <reference types="vite/client" />
// The labelled evaluation set (eval/cases/<lang>.json), validated with zod: a malformed case fails the run
// naming its file and id instead of skewing the numbers.
import { z } from "zod";
import { LANGUAGES } from "../src/i18n/languages";

export const EvalCaseSchema = z.object({
  id: z.string().min(1),
  language: z.enum(LANGUAGES),
  category: z.enum(["answerable", "unanswerable", "human", "injection", "smalltalk"]),
  turns: z.array(z.string().min(1)).min(1),
  expect: z.object({
    decision: z.enum(["reply", "handoff", "clarify"]),
    entry: z.string().optional(),
    mustNotContain: z.array(z.string()).optional(),
  }),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

const files = import.meta.glob<unknown>("./cases/*.json", { eager: true, import: "default" });

export function loadCases(): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  for (const [path, content] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = z.array(EvalCaseSchema).safeParse(content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path}: case ${issue?.path.join(".")}: ${issue?.message}`);
    }
    for (const c of parsed.data) {
      if (ids.has(c.id)) throw new Error(`${path}: case id ${c.id} is used twice`);
      ids.add(c.id);
      cases.push(c);
    }
  }
  return cases;
}
