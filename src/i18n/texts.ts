// The catalog of fixed messages the Worker sends, one entry per supported language. Operators edit the wording
// here (keep each under WhatsApp's 4,096 characters; a test checks every entry); later features add keys.
// The compiler enforces that every key has all six languages.
import type { Language } from "./languages";

export const TEXTS = {
  /** The customer sent only media (image, voice note...): we cannot read it yet. */
  mediaOnly: {
    en: "Thanks! I can only read text for now. Could you type your question?",
    es: "¡Gracias! Por ahora solo puedo leer texto. ¿Puedes escribir tu pregunta?",
    pt: "Obrigado! Por enquanto só consigo ler texto. Pode escrever a sua pergunta?",
    fr: "Merci ! Pour l'instant, je ne peux lire que du texte. Pouvez-vous écrire votre question ?",
    ko: "감사합니다! 지금은 텍스트만 읽을 수 있어요. 질문을 글로 입력해 주시겠어요?",
    ja: "ありがとうございます。現在はテキストのみ読み取れます。ご質問を文字で入力していただけますか？",
  },
  /** The offline model found nothing in the knowledge file. */
  noAnswer: {
    en: "I'm sorry, I don't have an answer to that yet. A member of our team can help you with it.",
    es: "Lo siento, todavía no tengo una respuesta para eso. Una persona de nuestro equipo puede ayudarte.",
    pt: "Desculpe, ainda não tenho uma resposta para isso. Uma pessoa da nossa equipe pode ajudar você.",
    fr: "Désolé, je n'ai pas encore de réponse à cela. Un membre de notre équipe peut vous aider.",
    ko: "죄송합니다. 아직 그 질문에 대한 답변이 없습니다. 저희 팀원이 도와드릴 수 있어요.",
    ja: "申し訳ありません。その質問にはまだお答えできません。担当スタッフがお手伝いします。",
  },
  /** Sent once after STOP, before the Braze subscription is changed (after it, Braze would suppress it). */
  stopConfirmed: {
    en: "You're unsubscribed and won't get more messages from us here. Reply START to subscribe again.",
    es: "Te has dado de baja y no recibirás más mensajes nuestros por aquí. Responde ALTA para volver a suscribirte.",
    pt: "Sua inscrição foi cancelada e você não receberá mais mensagens nossas por aqui. Responda INICIAR para voltar a receber.",
    fr: "Vous êtes désabonné(e) et ne recevrez plus de messages de notre part ici. Répondez START pour vous réabonner.",
    ko: "수신 거부되었습니다. 이 채널로 더 이상 메시지를 보내지 않습니다. 다시 받으시려면 시작 이라고 답장해 주세요.",
    ja: "配信を停止しました。今後こちらからメッセージはお送りしません。再開するには「開始」と返信してください。",
  },
  /** Sent after START, once Braze has had time to apply the new subscription. */
  startConfirmed: {
    en: "Welcome back! You're subscribed again. How can I help you?",
    es: "¡Bienvenido de nuevo! Vuelves a estar suscrito. ¿En qué puedo ayudarte?",
    pt: "Bem-vindo de volta! Sua inscrição foi reativada. Como posso ajudar?",
    fr: "Bon retour ! Vous êtes de nouveau abonné(e). Comment puis-je vous aider ?",
    ko: "다시 오신 것을 환영합니다! 수신이 재개되었습니다. 무엇을 도와드릴까요?",
    ja: "おかえりなさい！配信を再開しました。ご用件をお聞かせください。",
  },
  /** Sent after RESET: the assistant has forgotten the conversation so far. */
  resetConfirmed: {
    en: "Done, I've cleared our conversation. What can I help you with?",
    es: "Listo, he borrado nuestra conversación. ¿En qué puedo ayudarte?",
    pt: "Pronto, apaguei nossa conversa. Em que posso ajudar?",
    fr: "C'est fait, j'ai effacé notre conversation. Que puis-je faire pour vous ?",
    ko: "대화 내용을 초기화했습니다. 무엇을 도와드릴까요?",
    ja: "会話をリセットしました。ご用件をお聞かせください。",
  },
  /** Sent when the conversation is passed to a person (requestHandoff). */
  handoff: {
    en: "I'll pass this on to a member of our team. They'll reply here as soon as they can.",
    es: "Pasaré tu consulta a una persona de nuestro equipo. Te responderá por aquí lo antes posible.",
    pt: "Vou passar sua mensagem para uma pessoa da nossa equipe. Ela responderá por aqui assim que puder.",
    fr: "Je transmets votre demande à un membre de notre équipe. Il vous répondra ici dès que possible.",
    ko: "담당 직원에게 전달하겠습니다. 최대한 빨리 이곳으로 답변드릴게요.",
    ja: "担当スタッフにおつなぎします。できるだけ早くこちらでご返信いたします。",
  },
  /**
   * A handoff nobody could take: no agent was online when it was requested, or none claimed it within
   * HANDOFF_UNCLAIMED_NOTICE_MS. Sent once per waiting period; the conversation stays in the queue.
   */
  handoffNobodyAvailable: {
    en: "Sorry, nobody from our team is free to take your conversation right now. You're still in the queue, and a person will reply here as soon as one is available.",
    es: "Lo siento, ahora mismo no hay nadie de nuestro equipo disponible para atenderte. Sigues en la cola y una persona te responderá por aquí en cuanto esté disponible.",
    pt: "Desculpe, no momento ninguém da nossa equipe está disponível para atender você. Você continua na fila e uma pessoa responderá por aqui assim que estiver disponível.",
    fr: "Désolé, personne de notre équipe n'est disponible pour le moment. Vous restez dans la file d'attente et une personne vous répondra ici dès que possible.",
    ko: "죄송합니다. 지금은 상담 가능한 직원이 없습니다. 대기열에 계속 남아 있으며, 직원이 연결되는 대로 이곳으로 답변드리겠습니다.",
    ja: "申し訳ありません。ただいま対応できるスタッフがおりません。順番待ちのままお待ちいただければ、担当者が対応可能になり次第こちらでご返信いたします。",
  },
  /** The model kept failing: the customer is told instead of being left without an answer. */
  modelUnavailable: {
    en: "Sorry, I can't answer right now. Please try again in a few minutes.",
    es: "Lo siento, ahora mismo no puedo responder. Inténtalo de nuevo en unos minutos.",
    pt: "Desculpe, não consigo responder agora. Tente novamente em alguns minutos.",
    fr: "Désolé, je ne peux pas répondre pour le moment. Réessayez dans quelques minutes.",
    ko: "죄송합니다. 지금은 답변할 수 없습니다. 잠시 후 다시 시도해 주세요.",
    ja: "申し訳ありません。ただいま応答できません。数分後にもう一度お試しください。",
  },
  /** After numbered choices when quick-reply buttons cannot be sent (no button campaign configured). */
  choiceHint: {
    en: "Reply with the number or the words of your choice.",
    es: "Responde con el número o el texto de tu opción.",
    pt: "Responda com o número ou o texto da sua opção.",
    fr: "Répondez avec le numéro ou le texte de votre choix.",
    ko: "원하시는 항목의 번호나 내용을 답장해 주세요.",
    ja: "ご希望の番号か項目名を返信してください。",
  },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

export function text(key: TextKey, language: Language): string {
  return TEXTS[key][language];
}
