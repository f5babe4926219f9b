// Sample flow: a lead form with quick-reply buttons. Asks what the customer is interested in (Buying /
// Partnership / Press), their name and email, confirms, then writes `lead_interest` to the Braze profile and
// logs `lead_captured`. Name and email stay in the conversation only: add them to `capture` below if you
// want them in Braze (personal data leaves the Worker only where a flow says so).
import type { FlowDefinition } from "../src/flows/schema";

export const leadForm = {
  id: "lead-form",
  description: "Captures a sales, partnership or press lead.",
  triggers: {
    keywords: {
      en: ["talk to sales", "partnership", "press inquiry"],
      es: ["hablar con ventas", "colaboración"],
      pt: ["falar com vendas", "parceria"],
      fr: ["parler aux ventes", "partenariat"],
    },
    patterns: ["\\b(become|becoming)\\s+an?\\s+(partner|reseller)\\b"],
  },
  idleTimeoutMinutes: 60,
  abandonText: {
    en: "No problem, I've closed the form. Write “talk to sales” whenever you want to pick it up again.",
    es: "Sin problema, he cerrado el formulario. Escribe «hablar con ventas» cuando quieras retomarlo.",
    fr: "Pas de souci, j'ai fermé le formulaire. Écrivez « parler aux ventes » quand vous voulez reprendre.",
  },
  completion: { properties: { interest: "{{answers.interest}}" } },
  steps: [
    {
      id: "interest",
      kind: "ask",
      save: "interest",
      text: {
        en: "Happy to help! What are you interested in?",
        es: "¡Con gusto! ¿Qué te interesa?",
        fr: "Avec plaisir ! Qu'est-ce qui vous intéresse ?",
      },
      answer: {
        type: "choice",
        options: [
          { value: "buying", label: { en: "Buying", es: "Comprar", fr: "Acheter" }, synonyms: ["buy", "purchase"] },
          {
            value: "partnership",
            label: { en: "Partnership", es: "Colaboración", fr: "Partenariat" },
            synonyms: ["partner"],
          },
          { value: "press", label: { en: "Press", es: "Prensa", fr: "Presse" }, synonyms: ["media", "journalist"] },
        ],
      },
      invalid: {
        en: "Please tap one of the buttons (or answer 1, 2 or 3).",
        es: "Toca uno de los botones (o responde 1, 2 o 3).",
        fr: "Touchez l'un des boutons (ou répondez 1, 2 ou 3).",
      },
      maxAttempts: 3,
      onGiveUp: "end",
      giveUpText: {
        en: "Let's leave it there for now. Write “talk to sales” any time to try again.",
        es: "Lo dejamos aquí por ahora. Escribe «hablar con ventas» cuando quieras.",
        fr: "Restons-en là pour l'instant. Écrivez « parler aux ventes » quand vous voulez.",
      },
    },
    {
      id: "name",
      kind: "ask",
      save: "name",
      text: { en: "What's your name?", es: "¿Cómo te llamas?", fr: "Quel est votre nom ?" },
      answer: { type: "text", maxLength: 100 },
      invalid: {
        en: "Sorry, I didn't get that.",
        es: "Perdona, no lo entendí.",
        fr: "Désolé, je n'ai pas compris.",
      },
    },
    {
      id: "email",
      kind: "ask",
      save: "email",
      text: {
        en: "Thanks, {{answers.name}}! What email address can we reach you at?",
        es: "¡Gracias, {{answers.name}}! ¿A qué correo podemos escribirte?",
        fr: "Merci, {{answers.name}} ! À quelle adresse e-mail pouvons-nous vous écrire ?",
      },
      answer: { type: "email" },
      invalid: {
        en: "That doesn't look like an email address (like name@example.com).",
        es: "Eso no parece un correo electrónico (como nombre@ejemplo.com).",
        fr: "Cela ne ressemble pas à une adresse e-mail (comme nom@exemple.com).",
      },
    },
    {
      id: "confirm",
      kind: "ask",
      save: "confirmed",
      text: {
        en: "So that's {{answers.name}}, {{answers.email}}. Shall I send it to our team?",
        es: "Entonces: {{answers.name}}, {{answers.email}}. ¿Lo envío a nuestro equipo?",
        fr: "Donc : {{answers.name}}, {{answers.email}}. Je le transmets à notre équipe ?",
      },
      answer: {
        type: "choice",
        options: [
          {
            value: "yes",
            label: { en: "Yes, send it", es: "Sí, enviar", fr: "Oui, envoyer" },
            synonyms: ["yes", "sí", "si", "oui", "ok"],
          },
          {
            value: "no",
            label: { en: "No, fix it", es: "No, corregir", fr: "Non, corriger" },
            synonyms: ["no", "non"],
          },
        ],
      },
      invalid: {
        en: "Please tap Yes or No.",
        es: "Toca Sí o No.",
        fr: "Touchez Oui ou Non.",
      },
    },
    {
      id: "confirmed_or_not",
      kind: "branch",
      on: "answers.confirmed",
      cases: [{ equals: "no", next: "name" }],
      otherwise: "capture",
    },
    { id: "capture", kind: "set_attributes", attributes: { lead_interest: "{{answers.interest}}" } },
    { id: "log", kind: "event", name: "lead_captured", properties: { interest: "{{answers.interest}}" } },
    {
      id: "thanks",
      kind: "end",
      text: {
        en: "Done! Someone from our team will write to {{answers.email}} within one working day.",
        es: "¡Listo! Alguien de nuestro equipo escribirá a {{answers.email}} en un día hábil.",
        fr: "C'est fait ! Quelqu'un de notre équipe écrira à {{answers.email}} sous un jour ouvré.",
      },
    },
  ],
} satisfies FlowDefinition;
