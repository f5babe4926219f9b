// The supported customer languages (those Braze's guide is published in) and how we tell which one a customer uses.
export const LANGUAGES = ["en", "es", "pt", "fr", "ko", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

const LATIN_STOPWORDS: Record<Exclude<Language, "ko" | "ja">, string[]> = {
  en: [
    "the",
    "is",
    "my",
    "where",
    "what",
    "how",
    "you",
    "and",
    "order",
    "hello",
    "hi",
    "can",
    "i",
    "to",
    "it",
    "please",
    "thanks",
  ],
  es: [
    "el",
    "la",
    "es",
    "mi",
    "donde",
    "dónde",
    "qué",
    "que",
    "cómo",
    "pedido",
    "hola",
    "gracias",
    "por",
    "favor",
    "está",
    "y",
    "los",
    "quiero",
  ],
  pt: [
    "o",
    "a",
    "é",
    "meu",
    "onde",
    "que",
    "como",
    "pedido",
    "olá",
    "ola",
    "obrigado",
    "obrigada",
    "por",
    "favor",
    "está",
    "você",
    "não",
    "quero",
  ],
  fr: [
    "le",
    "la",
    "est",
    "mon",
    "où",
    "ou",
    "quoi",
    "comment",
    "commande",
    "bonjour",
    "merci",
    "je",
    "vous",
    "pas",
    "et",
    "les",
    "veux",
  ],
};

/** Reads a profile language ("es", "pt-BR", "Spanish"...) into a supported language, if it names one. */
export function languageFromProfile(value: string | undefined | null): Language | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  const byName: Record<string, Language> = {
    english: "en",
    spanish: "es",
    español: "es",
    portuguese: "pt",
    português: "pt",
    french: "fr",
    français: "fr",
    korean: "ko",
    한국어: "ko",
    japanese: "ja",
    日本語: "ja",
  };
  const code = v.slice(0, 2);
  return byName[v] ?? LANGUAGES.find((language) => language === code);
}

/** A best guess from the text itself: script first (Hangul, kana), then common words. */
export function detectLanguage(text: string): Language | undefined {
  if (/[\uAC00-\uD7AF\u1100-\u11FF]/.test(text)) return "ko";
  if (/[\u3040-\u30FF]/.test(text)) return "ja";
  if (/[\u4E00-\u9FFF]/.test(text)) return "ja";
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let best: Language | undefined;
  let bestScore = 0;
  for (const [language, stopwords] of Object.entries(LATIN_STOPWORDS) as [Language, string[]][]) {
    const score = words.filter((w) => stopwords.includes(w)).length;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  if (/[ñ¿¡]/.test(text)) return "es";
  if (/[ãõç]/.test(text) && best !== "fr") return "pt";
  return best;
}
