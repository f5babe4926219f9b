// Phrases that decide a turn before any model call: an explicit request for a person (-> handoff) and small
// talk (greetings, thanks, goodbyes). Compared with normalizeKeyword (case, accents, width, punctuation off).
// Operators add their own handoff phrases with HANDOFF_KEYWORDS; keep these lists to words that mean the
// request on their own ("customer service" alone would also catch questions about its opening hours).
import type { Language } from "./languages";
import { normalizeKeyword } from "./normalize";

export const HUMAN_REQUEST_PHRASES: Record<Language, string[]> = {
  en: [
    "human",
    "real person",
    "a person",
    "talk to someone",
    "speak to someone",
    "speak with someone",
    "live agent",
    "an agent",
    "the agent",
    "representative",
    "operator",
    "someone from your team",
    "staff member",
    "live chat",
    "a human",
    "customer service agent",
    "talk to a person",
    "speak to a person",
  ],
  es: [
    "hablar con una persona",
    "persona real",
    "un humano",
    "una persona",
    "agente",
    "asesor",
    "operador",
    "representante",
    "hablar con alguien",
    "atencion humana",
    "ejecutivo",
  ],
  pt: [
    "atendente",
    "falar com uma pessoa",
    "pessoa real",
    "humano",
    "uma pessoa",
    "agente",
    "falar com alguem",
    "operador",
    "atendimento humano",
  ],
  fr: [
    "conseiller",
    "conseillere",
    "parler a quelqu un",
    "une personne",
    "un humain",
    "agent",
    "operateur",
    "vraie personne",
    "personne reelle",
    "un etre humain",
  ],
  ko: ["상담원", "상담사", "사람과", "사람이랑", "사람한테", "직원", "사람 연결", "담당자", "상담 연결"],
  ja: ["オペレーター", "オペレータ", "担当者", "人間", "有人", "人と話", "スタッフと", "係の人"],
};

/**
 * Fragments that only an attempt to override the assistant's instructions uses. Such a message is answered
 * with a polite refusal before any model call; the output check (src/ai/guardrails.ts) still guards what a
 * model says to an attempt these lists miss.
 */
export const INJECTION_PHRASES: Record<Language, string[]> = {
  en: [
    "ignore all previous instructions",
    "ignore previous instructions",
    "ignore your instructions",
    "ignore the above",
    "system prompt",
    "developer mode",
    "repeat the text above",
    "you are now",
    "disregard your rules",
    "jailbreak",
    "no rules",
    "starting with you are",
    "word for word",
    "hidden rules",
    "your instructions",
    "your rules",
  ],
  es: [
    "ignora todas las instrucciones",
    "ignora las instrucciones",
    "instrucciones anteriores",
    "prompt del sistema",
    "modo desarrollador",
    "repite el texto",
    "sin reglas",
    "empezando por you are",
    "reglas ocultas",
    "palabra por palabra",
    "tus instrucciones",
    "actua como desarrollador",
  ],
  pt: [
    "ignore todas as instrucoes",
    "ignore as instrucoes",
    "instrucoes anteriores",
    "prompt do sistema",
    "modo desenvolvedor",
    "repita o texto",
    "sem regras",
    "comecando por you are",
    "palavra por palavra",
    "suas instrucoes",
    "regras ocultas",
  ],
  fr: [
    "ignore toutes les instructions",
    "ignorez toutes les instructions",
    "instructions precedentes",
    "prompt systeme",
    "mode developpeur",
    "repete le texte",
    "repetez le texte",
    "sans regles",
    "mode debug",
    "en commencant par you are",
    "mot pour mot",
    "tes instructions",
    "vos instructions",
  ],
  ko: [
    "이전 지시",
    "모든 지시를 무시",
    "시스템 프롬프트",
    "개발자 모드",
    "위의 문장",
    "위 텍스트",
    "위에 있는 텍스트",
    "규칙 없는",
    "제한 없는",
    "그대로 반복",
  ],
  ja: [
    "指示をすべて無視",
    "指示を無視",
    "システムプロンプト",
    "開発者モード",
    "上にある文章",
    "上の文章",
    "ルールのない",
    "一字一句",
    "そのまま繰り返",
  ],
};

export type Smalltalk = "greeting" | "thanks" | "goodbye";

export const SMALLTALK_PHRASES: Record<Smalltalk, Record<Language, string[]>> = {
  greeting: {
    en: ["hi", "hello", "hey", "good morning", "good afternoon", "good evening", "hi there", "hello there"],
    es: ["hola", "buenos dias", "buenas tardes", "buenas noches", "buenas", "que tal"],
    pt: ["ola", "oi", "bom dia", "boa tarde", "boa noite", "tudo bem"],
    fr: ["bonjour", "salut", "bonsoir", "coucou"],
    ko: ["안녕하세요", "안녕", "반갑습니다", "여보세요"],
    ja: ["こんにちは", "こんばんは", "おはようございます", "はじめまして", "もしもし"],
  },
  thanks: {
    en: ["thanks", "thank you", "thx", "great thanks", "perfect", "ok thanks", "cheers", "thanks a lot"],
    es: ["gracias", "muchas gracias", "perfecto", "vale gracias", "genial"],
    pt: ["obrigado", "obrigada", "valeu", "muito obrigado", "muito obrigada", "perfeito", "show"],
    fr: ["merci", "merci beaucoup", "parfait", "super merci"],
    ko: ["감사합니다", "고맙습니다", "감사해요", "고마워요", "알겠습니다"],
    ja: ["ありがとう", "ありがとうございます", "ありがとうございました", "了解しました", "わかりました"],
  },
  goodbye: {
    en: ["bye", "goodbye", "see you", "have a nice day"],
    es: ["adios", "hasta luego", "chao", "nos vemos"],
    pt: ["tchau", "ate logo", "ate mais", "adeus"],
    fr: ["au revoir", "a bientot", "bonne journee", "bonne soiree"],
    ko: ["안녕히 계세요", "안녕히계세요", "수고하세요"],
    ja: ["さようなら", "失礼します", "またね"],
  },
};

const CJK = /[\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/;

/** Whether the phrase occurs in the (normalised) text: as whole words, or anywhere for CJK phrases. */
function contains(normalizedText: string, phrase: string): boolean {
  const p = normalizeKeyword(phrase);
  if (p === "") return false;
  if (CJK.test(p)) return normalizedText.replace(/ /g, "").includes(p.replace(/ /g, ""));
  return ` ${normalizedText} `.includes(` ${p} `);
}

/**
 * Words that turn a one-word mention ("agent", "humano") into a request: "my agent said the parcel left"
 * is not one, "I want to talk to an agent" is. A short message ("agent please") needs none.
 */
const REQUEST_CUES = new Set(
  (
    "talk speak want need connect transfer get please can could chat " +
    "hablar quiero necesito pasar comunicar puedo favor " +
    "falar quero preciso passar posso favor " +
    "parler veux voudrais besoin passer puis plait"
  ).split(" "),
);
const SHORT_MESSAGE_WORDS = 4;

/** Whether the customer asks for a person, in any supported language or an operator-added phrase. */
export function asksForHuman(text: string, extraPhrases: readonly string[] = []): boolean {
  const normalized = normalizeKeyword(text);
  const words = normalized.split(" ").filter((w) => w !== "");
  const singleWordCounts = words.length <= SHORT_MESSAGE_WORDS || words.some((w) => REQUEST_CUES.has(w));
  const all = [...Object.values(HUMAN_REQUEST_PHRASES).flat(), ...extraPhrases];
  return all.some((phrase) => {
    const oneWord = !CJK.test(phrase) && !normalizeKeyword(phrase).includes(" ");
    return (singleWordCounts || !oneWord) && contains(normalized, phrase);
  });
}

/** Whether the message tries to override the assistant's instructions (see INJECTION_PHRASES). */
export function looksLikeInjection(text: string): boolean {
  const normalized = normalizeKeyword(text);
  return Object.values(INJECTION_PHRASES)
    .flat()
    .some((phrase) => contains(normalized, phrase));
}

/** The kind of small talk a message is, when it is nothing else ("hi, where is my order?" is not small talk). */
export function smalltalkKind(text: string): Smalltalk | undefined {
  let rest = ` ${normalizeKeyword(text)} `;
  let kind: Smalltalk | undefined;
  for (const [k, byLanguage] of Object.entries(SMALLTALK_PHRASES) as [Smalltalk, Record<Language, string[]>][]) {
    const phrases = Object.values(byLanguage)
      .flat()
      .map(normalizeKeyword)
      .sort((a, b) => b.length - a.length);
    for (const phrase of phrases) {
      const needle = CJK.test(phrase) ? phrase : ` ${phrase} `;
      if (rest.includes(needle)) {
        rest = rest.split(needle).join(" ");
        kind ??= k;
      }
    }
  }
  return kind && rest.trim() === "" ? kind : undefined;
}
