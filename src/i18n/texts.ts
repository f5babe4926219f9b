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

  /** The brain could not tell what the customer needs (src/pipeline/stages/brain.ts). */
  clarify: {
    en: "Could you tell me a little more about what you need? For example your question about an order, delivery, a return or payment.",
    es: "¿Podrías contarme un poco más sobre lo que necesitas? Por ejemplo, tu pregunta sobre un pedido, el envío, una devolución o el pago.",
    pt: "Pode me contar um pouco mais sobre o que precisa? Por exemplo, sua dúvida sobre um pedido, a entrega, uma devolução ou o pagamento.",
    fr: "Pouvez-vous m'en dire un peu plus sur ce dont vous avez besoin ? Par exemple votre question sur une commande, la livraison, un retour ou le paiement.",
    ko: "필요하신 내용을 조금 더 자세히 알려주시겠어요? 예를 들어 주문, 배송, 반품 또는 결제에 관한 질문이요.",
    ja: "ご用件をもう少し詳しく教えていただけますか？たとえば、ご注文、配送、返品、お支払いについてのご質問などです。",
  },
  /** Followed by a list of the knowledge entries that came closest. */
  clarifyOptions: {
    en: "I'm not sure I understood. Do you mean one of these?",
    es: "No estoy seguro de haberte entendido. ¿Te refieres a alguno de estos temas?",
    pt: "Não tenho certeza se entendi. Você quer dizer um destes assuntos?",
    fr: "Je ne suis pas sûr d'avoir compris. Voulez-vous parler de l'un de ces sujets ?",
    ko: "제가 잘 이해했는지 모르겠어요. 다음 중 하나를 말씀하시는 건가요?",
    ja: "ご質問の内容を正しく理解できているかわかりません。次のいずれかについてでしょうか？",
  },
  smalltalkGreeting: {
    en: "Hi! How can I help you today? I can answer questions about orders, delivery, returns, payment and your account.",
    es: "¡Hola! ¿En qué puedo ayudarte hoy? Puedo responder preguntas sobre pedidos, envíos, devoluciones, pagos y tu cuenta.",
    pt: "Olá! Como posso ajudar hoje? Posso responder dúvidas sobre pedidos, entrega, devoluções, pagamento e sua conta.",
    fr: "Bonjour ! Comment puis-je vous aider ? Je peux répondre à vos questions sur les commandes, la livraison, les retours, le paiement et votre compte.",
    ko: "안녕하세요! 무엇을 도와드릴까요? 주문, 배송, 반품, 결제, 계정에 관한 질문에 답해 드릴 수 있어요.",
    ja: "こんにちは！本日はどのようなご用件でしょうか？ご注文、配送、返品、お支払い、アカウントについてのご質問にお答えします。",
  },
  smalltalkThanks: {
    en: "You're welcome! Is there anything else I can help you with?",
    es: "¡De nada! ¿Hay algo más en lo que pueda ayudarte?",
    pt: "De nada! Posso ajudar em mais alguma coisa?",
    fr: "Avec plaisir ! Puis-je vous aider pour autre chose ?",
    ko: "천만에요! 더 도와드릴 일이 있을까요?",
    ja: "どういたしまして！ほかにお手伝いできることはありますか？",
  },
  smalltalkGoodbye: {
    en: "Thanks for writing to us. Have a great day!",
    es: "Gracias por escribirnos. ¡Que tengas un buen día!",
    pt: "Obrigado por falar com a gente. Tenha um ótimo dia!",
    fr: "Merci de nous avoir écrit. Bonne journée !",
    ko: "문의해 주셔서 감사합니다. 좋은 하루 보내세요!",
    ja: "お問い合わせありがとうございました。良い一日をお過ごしください！",
  },
  /** The customer used up today's model budget (MODEL_TOKENS_PER_DAY); their message is kept. */
  dailyLimit: {
    en: "You've sent a lot of questions today and I've reached my limit for now. Your message is saved: please write again tomorrow, or reply \"agent\" to reach our team.",
    es: 'Hoy has enviado muchas preguntas y he llegado a mi límite por ahora. Tu mensaje está guardado: escríbenos de nuevo mañana o responde "agente" para hablar con nuestro equipo.',
    pt: 'Você enviou muitas perguntas hoje e atingi meu limite por enquanto. Sua mensagem foi guardada: escreva de novo amanhã ou responda "atendente" para falar com nossa equipe.',
    fr: "Vous avez envoyé beaucoup de questions aujourd'hui et j'ai atteint ma limite pour le moment. Votre message est enregistré : réécrivez-nous demain ou répondez « conseiller » pour joindre notre équipe.",
    ko: '오늘 많은 질문을 보내주셔서 지금은 답변 한도에 도달했어요. 메시지는 저장되었습니다. 내일 다시 문의하시거나 "상담원"이라고 답장하시면 저희 팀과 연결해 드려요.',
    ja: "本日はたくさんのご質問をいただき、現在の回答上限に達しました。メッセージは保存されています。明日もう一度お送りいただくか、「オペレーター」と返信してスタッフにおつなぎください。",
  },
  /** A reply was stopped by the output check (it would have revealed the assistant's instructions). */
  guardrailBlocked: {
    en: "Sorry, I can't help with that. Is there something about an order, delivery, a return or payment I can help you with?",
    es: "Lo siento, no puedo ayudarte con eso. ¿Hay algo sobre un pedido, el envío, una devolución o el pago en lo que pueda ayudarte?",
    pt: "Desculpe, não posso ajudar com isso. Posso ajudar com algo sobre um pedido, a entrega, uma devolução ou o pagamento?",
    fr: "Désolé, je ne peux pas vous aider pour cela. Puis-je vous aider au sujet d'une commande, de la livraison, d'un retour ou du paiement ?",
    ko: "죄송하지만 그 요청은 도와드릴 수 없어요. 주문, 배송, 반품 또는 결제에 관해 도와드릴 일이 있을까요?",
    ja: "申し訳ありませんが、そのご依頼にはお応えできません。ご注文、配送、返品、お支払いについてお手伝いできることはありますか？",
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
  /** The model kept failing: an apology, followed by the handoff message (a person takes over). */
  modelUnavailable: {
    en: "Sorry, I can't answer right now.",
    es: "Lo siento, ahora mismo no puedo responder.",
    pt: "Desculpe, não consigo responder agora.",
    fr: "Désolé, je ne peux pas répondre pour le moment.",
    ko: "죄송합니다. 지금은 답변할 수 없습니다.",
    ja: "申し訳ありません。ただいま応答できません。",
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
