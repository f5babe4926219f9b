// What a flow file may say, checked with zod when the Worker starts (src/flows/loader.ts adds the checks that
// span steps: references, templates, cycles). WhatsApp's quick-reply limits are enforced here, at load time.
import { z } from "zod";
import { LANGUAGES } from "../i18n/languages";

/** WhatsApp quick replies: at most 3 buttons, labels at most 20 characters. */
export const MAX_BUTTONS = 3;
export const MAX_BUTTON_LABEL = 20;
const MAX_WHATSAPP_TEXT = 4096;

const Name = (max: number) =>
  z.string().regex(new RegExp(`^[a-z][a-z0-9_-]{0,${max - 1}}$`), `must be a-z, 0-9, - or _ (at most ${max})`);
export const FlowId = Name(40);
const StepId = Name(40);
/** An answer's name, used as {{answers.<name>}} and as a JSON key. */
const AnswerName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a-z, 0-9 or _ (at most 40)");
/** A Braze attribute or event name: no spaces, "." or "$" (Braze reads those as nested paths). */
const BrazeKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,99}$/, "must be letters, digits, - or _ (Braze key)");
/** The name of an environment variable or secret the flow reads (never its value). */
const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be an environment variable name");
const RegexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, "iu");
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression" },
);

const message = z.string().trim().min(1).max(MAX_WHATSAPP_TEXT);
/** A text per language; English is required and is what a missing language falls back to. */
export const LocalizedText = z.strictObject({
  en: message,
  es: message.optional(),
  pt: message.optional(),
  fr: message.optional(),
  ko: message.optional(),
  ja: message.optional(),
});
const label = z
  .string()
  .trim()
  .min(1)
  .max(MAX_BUTTON_LABEL, `a WhatsApp button label is at most ${MAX_BUTTON_LABEL} characters`);
const ButtonLabel = z.strictObject({
  en: label,
  es: label.optional(),
  pt: label.optional(),
  fr: label.optional(),
  ko: label.optional(),
  ja: label.optional(),
});

const ChoiceOption = z.strictObject({
  /** What is stored as the answer (language-independent). */
  value: z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be a-z, 0-9, - or _ (at most 40)"),
  label: ButtonLabel,
  /** Other words that pick this option, in any language ("yes", "sí", "oui"...). */
  synonyms: z.array(z.string().trim().min(1)).default([]),
});

export const AnswerSpec = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("text"),
    /** Applied before `pattern`: "upper" makes "a-10023" and "A-10023" the same order number. */
    transform: z.enum(["none", "upper", "lower"]).default("none"),
    pattern: RegexSource.optional(),
    maxLength: z.int().min(1).max(1000).default(300),
  }),
  z.strictObject({
    type: z.literal("number"),
    integer: z.boolean().default(false),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.strictObject({ type: z.literal("email") }),
  z.strictObject({ type: z.literal("date") }),
  z.strictObject({
    type: z.literal("choice"),
    options: z.array(ChoiceOption).min(2).max(MAX_BUTTONS, `a WhatsApp quick reply has at most ${MAX_BUTTONS} buttons`),
  }),
]);

/** A literal value or a template string ("{{answers.interest}}"). */
const ValueTemplate = z.union([z.string().max(255), z.number(), z.boolean(), z.null()]);

const base = { id: StepId };
/** The step to go to next; absent = the step after this one in the list. */
const next = StepId.optional();

export const Step = z.discriminatedUnion("kind", [
  z.strictObject({ ...base, kind: z.literal("message"), text: LocalizedText, next }),
  z.strictObject({
    ...base,
    kind: z.literal("ask"),
    save: AnswerName,
    text: LocalizedText,
    answer: AnswerSpec,
    /** Sent before the question again when an answer is not valid. */
    invalid: LocalizedText,
    /** Answers tried before giving up (the first try included). */
    maxAttempts: z.int().min(1).max(5).default(3),
    onGiveUp: z.enum(["handoff", "end"]).default("handoff"),
    giveUpText: LocalizedText.optional(),
    next,
  }),
  z.strictObject({
    ...base,
    kind: z.literal("branch"),
    /** "answers.<name>" or "response.<field>". */
    on: z.string().regex(/^(answers|response)\.[A-Za-z0-9_]+$/, 'must be "answers.<name>" or "response.<field>"'),
    cases: z.array(z.strictObject({ equals: z.union([z.string(), z.number(), z.boolean()]), next: StepId })).min(1),
    otherwise: StepId,
  }),
  z.strictObject({
    ...base,
    kind: z.literal("http"),
    method: z.enum(["GET", "POST"]).default("POST"),
    /** The variable holding the backend's base URL (https://, http:// on localhost, or "demo" locally). */
    urlVar: EnvName,
    /** Appended to the base URL; {{answers.x}} values are URL-encoded. */
    path: z.string().startsWith("/").max(500).default("/"),
    timeoutMs: z.int().min(200).max(15_000).default(5000),
    /** A secret sent as `Authorization: Bearer`; unset = no header. */
    tokenVar: EnvName.optional(),
    /** The response fields later steps may use as {{response.<field>}}; anything else is dropped. */
    response: z.record(AnswerName, z.enum(["string", "number", "boolean"])).default({}),
    /** A 404 goes here (absent: like any other error). */
    onNotFound: StepId.optional(),
    /** A timeout, network error, non-2xx answer or a response that does not match goes here. */
    onError: StepId,
    next,
  }),
  z.strictObject({ ...base, kind: z.literal("set_attributes"), attributes: z.record(BrazeKey, ValueTemplate), next }),
  z.strictObject({
    ...base,
    kind: z.literal("event"),
    name: BrazeKey,
    properties: z.record(BrazeKey, ValueTemplate).default({}),
    next,
  }),
  z.strictObject({
    ...base,
    kind: z.literal("handoff"),
    reason: z.string().regex(/^[a-z0-9_]{1,60}$/),
    text: LocalizedText.optional(),
  }),
  z.strictObject({ ...base, kind: z.literal("end"), text: LocalizedText.optional() }),
]);

const Language = z.enum(LANGUAGES);

export const FlowSchema = z.strictObject({
  id: FlowId,
  description: z.string().max(500).default(""),
  triggers: z
    .strictObject({
      /** Whole words or phrases per language, found anywhere in the message (case- and accent-insensitive). */
      keywords: z.partialRecord(Language, z.array(z.string().trim().min(1)).min(1)).default({}),
      /** Regular expressions tried on the message (flags i and u). */
      patterns: z.array(RegexSource).default([]),
    })
    .default({ keywords: {}, patterns: [] }),
  /** A flow without an answer for this long is abandoned with `abandonText`. */
  idleTimeoutMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  abandonText: LocalizedText,
  /** Extra properties of the ai_flow_completed event (templates allowed). */
  completion: z.strictObject({ properties: z.record(BrazeKey, ValueTemplate).default({}) }).default({ properties: {} }),
  steps: z.array(Step).min(1),
});

/** What a flow file is written as (defaults may be left out). */
export type FlowDefinition = z.input<typeof FlowSchema>;
export type Flow = z.output<typeof FlowSchema>;
export type FlowStep = z.output<typeof Step>;
export type AskStep = Extract<FlowStep, { kind: "ask" }>;
export type HttpStep = Extract<FlowStep, { kind: "http" }>;
export type AnswerSpec = z.output<typeof AnswerSpec>;
export type LocalizedText = z.output<typeof LocalizedText>;
