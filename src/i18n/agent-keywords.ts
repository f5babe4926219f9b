// Whole messages with which a customer asks for a person, per supported language, compared like the global
// commands (normalizeKeyword: case, accents, width and punctuation ignored). HANDOFF_KEYWORDS adds more.
// Only words a customer sends alone to reach a human; free-text requests ("can I talk to someone?") are the
// brain's intent detection, not this list.
import type { Language } from "./languages";
import { normalizeKeyword } from "./normalize";

export const AGENT_KEYWORDS: Record<Language, string[]> = {
  en: [
    "agent",
    "human",
    "person",
    "a person",
    "real person",
    "human agent",
    "live agent",
    "operator",
    "representative",
    "talk to a human",
    "talk to a person",
    "talk to an agent",
    "speak to a human",
    "speak to a person",
    "speak to an agent",
  ],
  es: [
    "asesor",
    "agente",
    "humano",
    "persona",
    "operador",
    "hablar con un asesor",
    "hablar con una persona",
    "hablar con un agente",
  ],
  pt: [
    "atendente",
    "humano",
    "pessoa",
    "agente",
    "falar com atendente",
    "falar com um atendente",
    "atendimento humano",
  ],
  fr: ["conseiller", "conseillère", "agent", "humain", "opérateur", "parler à un conseiller", "parler à quelqu'un"],
  ko: ["상담원", "상담사", "직원", "사람", "상담원 연결", "상담사 연결"],
  ja: ["オペレーター", "担当者", "人間", "有人対応", "オペレーターにつないで", "担当者と話したい"],
};

/** No keyword is longer; longer messages are not normalised at all. */
const MAX_KEYWORD_LENGTH = 64;

/** A matcher for the built-in list plus the configured additions. */
export function agentKeywordMatcher(extra: readonly string[]): (text: string) => boolean {
  const keywords = new Set(
    [...Object.values(AGENT_KEYWORDS).flat(), ...extra].map(normalizeKeyword).filter((k) => k !== ""),
  );
  return (text) => text.length <= MAX_KEYWORD_LENGTH && keywords.has(normalizeKeyword(text));
}
