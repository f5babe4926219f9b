// The supported customer languages (those Braze's guide is published in) and how we tell which one a customer uses.
export const LANGUAGES = ["en", "es", "pt", "fr", "ko", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Frequent short words of each Latin-script language, accents off. Words two languages share ("que", "para")
 * count for both; the words only one of them uses ("voce", "pero", "je") decide.
 */
const LATIN_STOPWORDS: Record<Exclude<Language, "ko" | "ja">, ReadonlySet<string>> = {
  en: words(
    "the is are am my where what how you and order hello hi can i to it please thanks thank do does did your with " +
      "for of have has not dont want need when will this that there an get got yes was me we our if or be at on " +
      "just still why which would could should any u im ive",
  ),
  es: words(
    "el la los las es mi mis donde que como cuando cuanto cuanta cuantos cuantas pedido hola gracias por favor esta " +
      "estan y quiero tengo puedo puede pueden se me te lo le del al un una algo pero muy hay hago tienen necesito " +
      "ayuda envio todo para con sin ya si no mas cobran dias manana tambien porque usted ustedes nos mio",
  ),
  pt: words(
    "o a os as e meu minha onde que como quando quanto quanta qual pedido ola oi obrigado obrigada por favor esta " +
      "voce voces vc nao quero tenho posso pode preciso do da dos das no na nos nas em um uma com pra para ja ainda " +
      "nada vou ter tem q qto valeu tudo bem bom dia isso essa esse meus minhas seu sua entao tambem porque aceitam",
  ),
  fr: words(
    "le la les est mon ma mes ou quoi comment commande bonjour merci je j ai vous tu pas et des du un une pour " +
      "avec quand sera ce c qu il elle on au aux en sur dans mais votre vos nous suis peux puis faire fait moi",
  ),
};

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(" "));
}

/** Letters only one of the languages uses: a strong hint, worth several common words. */
const MARKERS: [Exclude<Language, "ko" | "ja">, RegExp][] = [
  ["es", /[ñ¿¡]/],
  ["pt", /[ãõ]|ç[ãõo]|(?:nh|lh)[aeo]/],
  ["fr", /[èêëîïôûœ]|\b(?:j|l|d|c|qu|n)['’]\p{L}/u],
];

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
  const lower = text.toLowerCase();
  const found =
    lower
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .match(/\p{L}+/gu) ?? [];
  let best: Language | undefined;
  let bestScore = 0;
  for (const [language, stopwords] of Object.entries(LATIN_STOPWORDS) as [Language, ReadonlySet<string>][]) {
    let score = found.filter((w) => stopwords.has(w)).length;
    for (const [marked, pattern] of MARKERS) if (marked === language && pattern.test(lower)) score += 3;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
