// The global commands a customer can send in any supported language: STOP (opt out), START (opt back in) and
// RESET (forget the conversation context). A command is the whole message, compared with normalizeKeyword.
// Operators edit these lists here; keep them to words a customer would send alone, never everyday words
// (e.g. not "cancel": a shop's customer typing "cancel" usually means an order, not WhatsApp messages).
import type { Language } from "./languages";
import { normalizeKeyword } from "./normalize";

export type GlobalCommand = "stop" | "start" | "reset";

export const COMMAND_KEYWORDS: Record<GlobalCommand, Record<Language, string[]>> = {
  stop: {
    // "stop promotions" is the text of Meta's marketing opt-out button.
    en: ["stop", "stop all", "stopall", "unsubscribe", "opt out", "optout", "stop promotions", "end", "quit"],
    es: ["parar", "para", "baja", "darme de baja", "dar de baja", "detener", "cancelar suscripcion", "no mas"],
    pt: ["parar", "pare", "sair", "descadastrar", "cancelar inscricao", "cancelar assinatura", "nao quero mais"],
    fr: ["stop", "arret", "arreter", "desabonner", "me desabonner", "desinscrire", "desabonnement"],
    ko: ["중지", "수신거부", "수신 거부", "그만", "구독취소", "구독 취소", "멈춰"],
    ja: ["停止", "配信停止", "ストップ", "配信解除", "登録解除", "やめて"],
  },
  start: {
    en: ["start", "unstop", "subscribe", "resume"],
    es: ["alta", "iniciar", "reanudar", "suscribir", "suscribirme", "comenzar"],
    pt: ["iniciar", "retomar", "assinar", "comecar"],
    fr: ["start", "reprendre", "abonner", "m abonner", "demarrer"],
    ko: ["시작", "수신동의", "수신 동의", "재개", "구독"],
    ja: ["開始", "再開", "配信再開", "スタート"],
  },
  reset: {
    en: ["reset", "restart", "start over", "new chat", "clear chat"],
    es: ["reiniciar", "reset", "empezar de nuevo", "nueva conversacion", "borrar chat"],
    pt: ["reiniciar", "reset", "recomecar", "nova conversa", "limpar conversa"],
    fr: ["reinitialiser", "reset", "recommencer", "nouvelle conversation", "effacer"],
    ko: ["초기화", "처음부터", "다시 시작", "새 대화", "리셋"],
    ja: ["リセット", "最初から", "やり直し", "新しい会話", "初期化"],
  },
};

export interface CommandMatch {
  command: GlobalCommand;
  /** Languages whose list holds the keyword ("stop" is both English and French). */
  languages: Language[];
}

const INDEX = buildIndex();

function buildIndex(): Map<string, CommandMatch> {
  const index = new Map<string, CommandMatch>();
  for (const [command, byLanguage] of Object.entries(COMMAND_KEYWORDS) as [
    GlobalCommand,
    Record<Language, string[]>,
  ][]) {
    for (const [language, keywords] of Object.entries(byLanguage) as [Language, string[]][]) {
      for (const keyword of keywords) {
        const key = normalizeKeyword(keyword);
        const existing = index.get(key);
        if (existing && existing.command !== command) {
          throw new Error(`"${keyword}" is listed for both ${existing.command} and ${command}`);
        }
        if (existing) existing.languages.push(language);
        else index.set(key, { command, languages: [language] });
      }
    }
  }
  return index;
}

/** No keyword is longer: longer messages are not normalised at all. */
export const MAX_COMMAND_LENGTH = 64;

/** The command a whole message is, if it is one. */
export function matchCommand(text: string): CommandMatch | undefined {
  if (text.length > MAX_COMMAND_LENGTH) return undefined;
  return INDEX.get(normalizeKeyword(text));
}
