// The offline model's knowledge: a Markdown file in the repo, one entry per "## " heading, bundled at build time.
// Retrieval is plain token overlap with accent/case folding and CJK bigrams: deterministic and offline.
import knowledgeMarkdown from "../../knowledge/shop.md";

export interface KnowledgeEntry {
  title: string;
  body: string;
  tokens: Set<string>;
}

export function parseKnowledge(markdown: string): KnowledgeEntry[] {
  const entries: KnowledgeEntry[] = [];
  for (const section of markdown.split(/^## /m).slice(1)) {
    const [titleLine = "", ...rest] = section.split("\n");
    const body = unwrap(rest.join("\n"));
    const title = titleLine.trim();
    if (title && body) entries.push({ title, body, tokens: new Set(tokenize(`${title} ${title} ${body}`)) });
  }
  if (entries.length === 0) throw new Error("knowledge file has no '## ' entries");
  return entries;
}

/** Joins the hard-wrapped lines of each paragraph: WhatsApp would show every line break. */
function unwrap(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\n(?!\s*([-*]|\d+\.)\s)/g, " ").replace(/[ \t]+/g, " "))
    .join("\n\n");
}

/** Words that say nothing about the topic, in the supported Latin-script languages. */
const STOPWORDS = new Set(
  (
    "the and for you your are was were how long does did can could would what when where which who why with this that " +
    "have has from take takes please thanks thank hello there get want need about into our its not any " +
    "los las del que por para con una como cuando donde quiero tengo puedo esta est " +
    "dos das com uma por para quando onde quero tenho posso voce " +
    "les des une pour avec quand est que qui mon mes vous nous suis"
  ).split(" "),
);

/** Lower-case, accents removed, words of 3+ letters (or digits) minus stopwords; CJK runs become bigrams. */
export function tokenize(text: string): string[] {
  const folded = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const tokens: string[] = [];
  for (const run of folded.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/[\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(run)) {
      for (let i = 0; i < run.length - 1; i++) tokens.push(run.slice(i, i + 2));
    } else if ((run.length >= 3 && !STOPWORDS.has(run)) || /^\d+$/.test(run)) {
      tokens.push(run);
    }
  }
  return tokens;
}

let cached: KnowledgeEntry[] | undefined;
export function shopKnowledge(): KnowledgeEntry[] {
  cached ??= parseKnowledge(knowledgeMarkdown);
  return cached;
}

/** The best entry and its score: the share of the question's distinct tokens the entry contains. */
export function bestMatch(
  entries: KnowledgeEntry[],
  question: string,
): { entry: KnowledgeEntry; score: number } | undefined {
  const asked = new Set(tokenize(question));
  if (asked.size === 0) return undefined;
  let best: { entry: KnowledgeEntry; score: number } | undefined;
  for (const entry of entries) {
    let hits = 0;
    for (const token of asked) if (entry.tokens.has(token) || hasSameStem(entry.tokens, token)) hits++;
    const score = hits / asked.size;
    if (!best || score > best.score) best = { entry, score };
  }
  return best;
}

/** "deliver" ~ "delivery", "returns" ~ "return": a shared stem of 5+ characters counts as a hit. */
function hasSameStem(tokens: Set<string>, token: string): boolean {
  if (token.length < 5) return false;
  const stem = token.slice(0, Math.max(5, token.length - 2));
  for (const candidate of tokens)
    if (candidate.startsWith(stem) || (candidate.length >= 5 && token.startsWith(candidate))) return true;
  return false;
}
