// The operator's knowledge base: knowledge/<lang>/<area>.md, one entry per "## Title {#entry-id}" heading with an
// optional "Tags:" line, bundled at build time (src/ai/knowledge-files.ts) and validated once at start-up.
// English is the canonical set: every entry exists in English; another language is optional, but a language
// that is present must translate every English entry (a half-translated language would silently answer in
// English) and may not invent ids of its own.
import { z } from "zod";
import { LANGUAGES, type Language } from "../i18n/languages";
import { KNOWLEDGE_FILES } from "./knowledge-files";

export interface KnowledgeEntry {
  id: string;
  language: Language;
  title: string;
  tags: string[];
  /** Markdown, hard-wrapped paragraphs joined (WhatsApp would show every line break). */
  body: string;
  /** Where it came from, for error messages and docs. */
  source: string;
}

export interface KnowledgeFile {
  /** Relative to knowledge/, e.g. "en/orders.md". */
  path: string;
  text: string;
}

/** Raised for a malformed knowledge base; the message names the file and heading. */
export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid knowledge base: ${problems.join("; ")}`);
    this.name = "KnowledgeError";
  }
}

const EntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "id must be lower-case letters, digits and dashes"),
  title: z.string().trim().min(1, "title is empty").max(200, "title is longer than 200 characters"),
  tags: z.array(z.string().min(1).max(60)).max(40, "more than 40 tags"),
  body: z.string().trim().min(1, "body is empty").max(4000, "body is longer than 4000 characters"),
});

const HEADING = /^## +(.*?)\s*\{#([^}]*)\}\s*$/;
const PATH = /^([a-z]{2})\/[\w.-]+\.md$/;

/** Parses and validates every file; throws one KnowledgeError listing every problem. */
export function parseKnowledgeBase(files: readonly KnowledgeFile[]): KnowledgeEntry[] {
  const problems: string[] = [];
  const entries: KnowledgeEntry[] = [];
  for (const file of files) {
    const language = PATH.exec(file.path)?.[1];
    if (!language || !(LANGUAGES as readonly string[]).includes(language)) {
      problems.push(`${file.path}: expected knowledge/<${LANGUAGES.join("|")}>/<area>.md`);
      continue;
    }
    entries.push(...parseFile(file, language as Language, problems));
  }
  problems.push(...crossLanguageProblems(entries));
  if (problems.length > 0) throw new KnowledgeError(problems);
  return entries;
}

function parseFile(file: KnowledgeFile, language: Language, problems: string[]): KnowledgeEntry[] {
  const entries: KnowledgeEntry[] = [];
  const sections = file.text.replace(/\r\n/g, "\n").split(/^(?=## )/m);
  for (const section of sections.slice(sections[0]?.startsWith("## ") ? 0 : 1)) {
    const [headingLine = "", ...rest] = section.split("\n");
    const heading = HEADING.exec(headingLine);
    const where = `${file.path} "${headingLine.slice(3, 80)}"`;
    if (!heading) {
      problems.push(`${where}: heading must look like "## Title {#entry-id}"`);
      continue;
    }
    const tagLine = rest.findIndex((line) => line.trim() !== "");
    const hasTags = tagLine >= 0 && /^Tags:/i.test(rest[tagLine] ?? "");
    const tags = hasTags
      ? (rest[tagLine] ?? "")
          .replace(/^Tags:/i, "")
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "")
      : [];
    const bodyLines = hasTags ? rest.slice(tagLine + 1) : rest;
    const parsed = EntrySchema.safeParse({
      id: heading[2],
      title: heading[1],
      tags,
      body: unwrap(bodyLines.join("\n")),
    });
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((i) => i.message).join(", ")}`);
      continue;
    }
    entries.push({ ...parsed.data, language, source: file.path });
  }
  if (entries.length === 0 && problems.length === 0) problems.push(`${file.path}: no "## Title {#entry-id}" entries`);
  return entries;
}

function crossLanguageProblems(entries: readonly KnowledgeEntry[]): string[] {
  const problems: string[] = [];
  const ids = new Map<Language, Map<string, KnowledgeEntry>>();
  for (const entry of entries) {
    const byId = ids.get(entry.language) ?? new Map<string, KnowledgeEntry>();
    const existing = byId.get(entry.id);
    if (existing) problems.push(`${entry.source}: id "${entry.id}" is also used in ${existing.source}`);
    byId.set(entry.id, entry);
    ids.set(entry.language, byId);
  }
  const english = ids.get("en");
  if (!english || english.size === 0) return [...problems, "knowledge/en/ has no entries: English is required"];
  for (const [language, byId] of ids) {
    if (language === "en") continue;
    const missing = [...english.keys()].filter((id) => !byId.has(id));
    const extra = [...byId.keys()].filter((id) => !english.has(id));
    if (missing.length > 0) problems.push(`knowledge/${language}/ lacks entries ${missing.join(", ")}`);
    if (extra.length > 0) problems.push(`knowledge/${language}/ has entries not in English: ${extra.join(", ")}`);
  }
  return problems;
}

/** Joins the hard-wrapped lines of each paragraph: WhatsApp would show every line break. */
function unwrap(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\n(?!\s*([-*]|\d+\.)\s)/g, " ").replace(/[ \t]+/g, " "))
    .join("\n\n");
}

let cached: KnowledgeEntry[] | undefined;

/** The bundled knowledge base, parsed on first use (a malformed one throws, naming file and heading). */
export function bundledKnowledge(): KnowledgeEntry[] {
  cached ??= parseKnowledgeBase(KNOWLEDGE_FILES);
  return cached;
}
