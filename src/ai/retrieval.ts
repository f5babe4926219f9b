// Finds the knowledge entries that answer a question. MiniSearch (small, maintained, runs in workerd, custom
// tokenizer, fuzzy and prefix matching) ranks; the confidence is a normalised 0..1 share of the question's
// terms the best entry contains, so one threshold means the same for every language. A semantic retriever
// (embeddings in Vectorize, say) can implement the same interface later.
import MiniSearch from "minisearch";
import type { Language } from "../i18n/languages";
import type { KnowledgeEntry } from "./knowledge";
import { isCjkTerm, QUESTION_WORDS, tokenize } from "./tokenize";

export interface Passage {
  entryId: string;
  title: string;
  body: string;
  /** 0..1: how much of the question this entry covers. Comparable across languages and queries. */
  score: number;
  /** The language of title and body: the customer's when the entry is translated. */
  language: Language;
}

export interface Retriever {
  search(query: string, language: Language, limit: number): Passage[];
}

/** The document frequency assumed for a question term no entry contains (see searchIn). */
const UNKNOWN_TERM_DF = 4;

/** The share of its weight a question word ("where", "how much") keeps; see QUESTION_WORDS. */
const QUESTION_WORD_WEIGHT = 0.3;

/** Below this in the customer's language, English is searched too (customers often write English). */
const FALLBACK_BELOW = 0.5;

interface IndexedEntry {
  id: string;
  title: string;
  tags: string;
  body: string;
}

export class KeywordRetriever implements Retriever {
  private readonly indexes = new Map<Language, MiniSearch<IndexedEntry>>();
  private readonly entries = new Map<string, KnowledgeEntry>();

  constructor(entries: readonly KnowledgeEntry[]) {
    const byLanguage = new Map<Language, KnowledgeEntry[]>();
    for (const entry of entries) {
      this.entries.set(`${entry.language}:${entry.id}`, entry);
      byLanguage.set(entry.language, [...(byLanguage.get(entry.language) ?? []), entry]);
    }
    for (const [language, list] of byLanguage) {
      const index = new MiniSearch<IndexedEntry>({
        fields: ["title", "tags", "body"],
        tokenize,
        // tokenize already folded case, accents and width; MiniSearch must not fold again.
        processTerm: (term) => term,
      });
      index.addAll(list.map((e) => ({ id: e.id, title: e.title, tags: e.tags.join(", "), body: e.body })));
      this.indexes.set(language, index);
    }
  }

  search(query: string, language: Language, limit: number): Passage[] {
    const own = this.searchIn(query, language);
    const needsFallback = language !== "en" && (own[0]?.score ?? 0) < FALLBACK_BELOW;
    const hits = needsFallback ? mergeBest(own, this.searchIn(query, "en")) : own;
    return hits.slice(0, limit).map((hit) => this.passage(hit.id, hit.score, language));
  }

  private searchIn(query: string, language: Language): { id: string; score: number }[] {
    const index = this.indexes.get(language);
    const terms = [...new Set(tokenize(query))];
    // Order numbers and other digits are details of the question, not its topic: they do not lower confidence.
    const counted = terms.filter((t) => !/^\d+$/.test(t));
    if (!index || counted.length === 0) return [];
    const results = index.search(terms.join(" "), {
      boost: { title: 2, tags: 2 },
      prefix: (term) => term.length >= 4 && !isCjkTerm(term),
      fuzzy: (term) => (term.length >= 5 && !isCjkTerm(term) ? 0.2 : false),
      tokenize: (text) => text.split(" "),
    });
    // Coverage of the question's terms, each weighted by how specific it is in this language's entries (an
    // inverse document frequency): "rejected" says more than "order". A term no entry contains weighs as much
    // as the rarest: a question about something the knowledge base never mentions must not look covered.
    const documents = index.documentCount;
    const weight = (term: string) => {
      const df = results.filter((r) => r.queryTerms.includes(term)).length;
      const idf = Math.log(1 + documents / (df === 0 ? UNKNOWN_TERM_DF : df));
      return QUESTION_WORDS.has(term) ? idf * QUESTION_WORD_WEIGHT : idf;
    };
    const weights = new Map(counted.map((t) => [t, weight(t)]));
    const total = counted.reduce((sum, t) => sum + (weights.get(t) ?? 0), 0);
    return results
      .map((r) => ({
        id: String(r.id),
        score: r.queryTerms.reduce((sum, t) => sum + (weights.get(t) ?? 0), 0) / total,
        rank: r.score,
      }))
      .sort((a, b) => b.score - a.score || b.rank - a.rank);
  }

  /** The entry in the customer's language when it is translated, else the English one. */
  private passage(id: string, score: number, language: Language): Passage {
    const entry = this.entries.get(`${language}:${id}`) ?? this.entries.get(`en:${id}`);
    if (!entry) throw new Error(`knowledge entry ${id} vanished from the index`);
    return { entryId: id, title: entry.title, body: entry.body, score, language: entry.language };
  }
}

/** Both languages' hits, each entry once with its better score; the customer's language wins ties. */
function mergeBest(
  own: { id: string; score: number }[],
  english: { id: string; score: number }[],
): { id: string; score: number }[] {
  const best = new Map<string, number>();
  for (const hit of [...own, ...english]) best.set(hit.id, Math.max(best.get(hit.id) ?? 0, hit.score));
  const order = [...own, ...english].map((h) => h.id);
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([id, score]) => ({ id, score }));
}
