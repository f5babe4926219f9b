// The catalog of fixed messages, one entry per language. Operators edit the wording here; later features add keys.
import type { Language } from "./languages";

export const TEXTS = {
  mediaOnly: {
    en: "Thanks! I can only read text for now. Could you type your question?",
    es: "¡Gracias! Por ahora solo puedo leer texto. ¿Puedes escribir tu pregunta?",
    pt: "Obrigado! Por enquanto só consigo ler texto. Pode escrever a sua pergunta?",
    fr: "Merci ! Pour l'instant, je ne peux lire que du texte. Pouvez-vous écrire votre question ?",
    ko: "감사합니다! 지금은 텍스트만 읽을 수 있어요. 질문을 글로 입력해 주시겠어요?",
    ja: "ありがとうございます。現在はテキストのみ読み取れます。ご質問を文字で入力していただけますか？",
  },
  noAnswer: {
    en: "I'm sorry, I don't have an answer to that yet. A member of our team can help you with it.",
    es: "Lo siento, todavía no tengo una respuesta para eso. Una persona de nuestro equipo puede ayudarte.",
    pt: "Desculpe, ainda não tenho uma resposta para isso. Uma pessoa da nossa equipe pode ajudar você.",
    fr: "Désolé, je n'ai pas encore de réponse à cela. Un membre de notre équipe peut vous aider.",
    ko: "죄송합니다. 아직 그 질문에 대한 답변이 없습니다. 저희 팀원이 도와드릴 수 있어요.",
    ja: "申し訳ありません。その質問にはまだお答えできません。担当スタッフがお手伝いします。",
  },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

export function text(key: TextKey, language: Language): string {
  return TEXTS[key][language];
}
