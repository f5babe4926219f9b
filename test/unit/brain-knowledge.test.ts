// The knowledge base's validation and the retriever: entries parsed per language, malformed files refused
// loudly, questions in every language found in that language, English as the fallback.
import { describe, expect, it } from "vitest";
import { bundledKnowledge, KnowledgeError, parseKnowledgeBase } from "../../src/ai/knowledge";
import { KeywordRetriever } from "../../src/ai/retrieval";
import { foldText, tokenize } from "../../src/ai/tokenize";
import { LANGUAGES } from "../../src/i18n/languages";

const entry = (id: string, title: string, body = "Some body text.") => `## ${title} {#${id}}\nTags: a, b\n\n${body}\n`;

describe("knowledge base", () => {
  it("parses headings, ids, tags and bodies, unwrapping hard-wrapped paragraphs", () => {
    const [first] = parseKnowledgeBase([
      {
        path: "en/orders.md",
        text: `# Orders\n\n${entry("order-tracking", "Where is my order?", "Open the\nlink.\n\n- one\n- two")}`,
      },
    ]);
    expect(first).toMatchObject({
      id: "order-tracking",
      language: "en",
      title: "Where is my order?",
      tags: ["a", "b"],
      body: "Open the link.\n\n- one\n- two",
      source: "en/orders.md",
    });
  });

  it("fails loudly, naming file and heading, for a missing id, an empty body or a duplicate id", () => {
    const bad = () =>
      parseKnowledgeBase([
        { path: "en/a.md", text: `${entry("one", "One")}## No id here\n\nBody.\n## Empty {#empty}\n\n` },
        { path: "en/b.md", text: entry("one", "One again") },
      ]);
    expect(bad).toThrow(KnowledgeError);
    expect(bad).toThrow(/en\/a\.md "No id here": heading must look like/);
    expect(bad).toThrow(/en\/a\.md "Empty \{#empty\}": body is empty/);
    expect(bad).toThrow(/en\/b\.md: id "one" is also used in en\/a\.md/);
  });

  it("requires English, and every English entry (and no other) in each language that is present", () => {
    expect(() => parseKnowledgeBase([{ path: "es/a.md", text: entry("uno", "Uno") }])).toThrow(/English is required/);
    const partial = () =>
      parseKnowledgeBase([
        { path: "en/a.md", text: entry("one", "One") + entry("two", "Two") },
        { path: "fr/a.md", text: entry("one", "Un") + entry("three", "Trois") },
      ]);
    expect(partial).toThrow(/knowledge\/fr\/ lacks entries two/);
    expect(partial).toThrow(/knowledge\/fr\/ has entries not in English: three/);
    expect(() => parseKnowledgeBase([{ path: "de/a.md", text: entry("one", "Eins") }])).toThrow(/expected knowledge/);
  });

  it("bundles the sample shop in all six languages with the same entry ids", () => {
    const entries = bundledKnowledge();
    const ids = (language: string) =>
      entries
        .filter((e) => e.language === language)
        .map((e) => e.id)
        .sort();
    expect(ids("en").length).toBeGreaterThanOrEqual(15);
    for (const language of LANGUAGES) expect(ids(language)).toEqual(ids("en"));
  });
});

describe("tokenize", () => {
  it("folds case, accents and full-width forms, and drops stopwords", () => {
    expect(foldText("ＲＥＴＵＲＮ Devolução")).toBe("return devolucao");
    expect(tokenize("Where is my ORDER?")).toEqual(["where", "order"]);
    expect(tokenize("¿Dónde está mi pedido?")).toEqual(tokenize("donde esta mi PEDIDO"));
  });

  it("makes CJK searchable as bigrams, dropping Japanese hiragana particles", () => {
    expect(tokenize("注文をキャンセル")).toEqual(["注文", "キャ", "ャン", "ンセ", "セル"]);
    expect(tokenize("배송 조회")).toEqual(["배송", "조회"]);
  });
});

describe("retriever", () => {
  const retriever = new KeywordRetriever(bundledKnowledge());
  const QUESTIONS: [string, (typeof LANGUAGES)[number], string][] = [
    ["Where is my order?", "en", "order-tracking"],
    ["¿Cuánto cuesta el envío?", "es", "shipping-costs"],
    ["Quanto tempo demora o reembolso?", "pt", "refund-time"],
    ["Quels moyens de paiement acceptez-vous ?", "fr", "payment-methods"],
    ["비밀번호를 잊어버렸어요", "ko", "password-reset"],
    ["注文をキャンセルしたいです", "ja", "cancel-order"],
  ];

  for (const [question, language, expected] of QUESTIONS) {
    it(`finds ${expected} for a ${language} question, in ${language}, with a 0..1 score`, () => {
      const [best] = retriever.search(question, language, 3);
      expect(best?.entryId).toBe(expected);
      expect(best?.language).toBe(language);
      expect(best?.score).toBeGreaterThan(0.35);
      expect(best?.score).toBeLessThanOrEqual(1);
    });
  }

  it("falls back to English entries for an English question from a Spanish customer, answering in Spanish", () => {
    const [best] = retriever.search("How do I reset my password?", "es", 3);
    expect(best?.entryId).toBe("password-reset");
    expect(best?.language).toBe("es");
  });

  it("scores a question about something the shop never mentions low", () => {
    const [best] = retriever.search("Who won the football world cup in 1998?", "en", 3);
    expect(best?.score ?? 0).toBeLessThan(0.35);
    expect(retriever.search("???", "en", 3)).toEqual([]);
  });
});
