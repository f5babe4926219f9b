// Checks a customer's answer to a flow question and turns it into the stored value: free text, a number, an
// email address, a date (stored as YYYY-MM-DD) or one of a choice's options (by label in any language,
// by the number of the numbered fallback, or by a synonym).
import { normalizeKeyword } from "../i18n/normalize";
import { normalizeEmail } from "./email-address";
import type { AnswerSpec } from "./schema";

export type AnswerValue = string | number;
export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false };

const INVALID: AnswerCheck = { ok: false };

export function checkAnswer(spec: AnswerSpec, input: string): AnswerCheck {
  const text = input.normalize("NFKC").trim();
  if (text === "") return INVALID;
  switch (spec.type) {
    case "text":
      return checkText(spec, text);
    case "number":
      return checkNumber(spec, text);
    case "email":
      return checkEmail(text);
    case "date":
      return checkDate(text);
    case "choice":
      return checkChoice(spec, text);
  }
}

function checkText(spec: Extract<AnswerSpec, { type: "text" }>, text: string): AnswerCheck {
  const value =
    spec.transform === "upper" ? text.toUpperCase() : spec.transform === "lower" ? text.toLowerCase() : text;
  if (value.length > spec.maxLength) return INVALID;
  if (spec.pattern !== undefined && !new RegExp(spec.pattern, "iu").test(value)) return INVALID;
  return { ok: true, value };
}

function checkNumber(spec: Extract<AnswerSpec, { type: "number" }>, text: string): AnswerCheck {
  // "1 234", "1234,5" and "1234.5" are all numbers; a comma alone is read as the decimal mark.
  let compact = text.replace(/[\s\u00a0']/g, "");
  if (!compact.includes(".") && (compact.match(/,/g) ?? []).length === 1) compact = compact.replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(compact)) return INVALID;
  const value = Number(compact);
  if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value))) return INVALID;
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return INVALID;
  return { ok: true, value };
}

/** A plain address (src/flows/email-address.ts); real deliverability is the backend's business. */
function checkEmail(text: string): AnswerCheck {
  const value = normalizeEmail(text);
  return value === undefined ? INVALID : { ok: true, value };
}

/** Year first (ISO, "2026/11/23", "2026年11月23日", "2026년 11월 23일") or day first ("23/11/2026", "23.11.2026"). */
const YEAR_FIRST = /^(\d{4})\s*[-/.年년]\s*(\d{1,2})\s*[-/.月월]\s*(\d{1,2})\s*[日일]?$/u;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function checkDate(text: string): AnswerCheck {
  const yearFirst = YEAR_FIRST.exec(text);
  const dayFirst = yearFirst ? undefined : DAY_FIRST.exec(text);
  const [year, month, day] = yearFirst
    ? [yearFirst[1], yearFirst[2], yearFirst[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : [];
  if (year === undefined || month === undefined || day === undefined) return INVALID;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 31 February over into March: a date that does not round-trip does not exist.
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1) return INVALID;
  if (date.getUTCDate() !== Number(day)) return INVALID;
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

function checkChoice(spec: Extract<AnswerSpec, { type: "choice" }>, text: string): AnswerCheck {
  const said = normalizeKeyword(text);
  // The numbered fallback ("1. Buying") is answered with its number.
  const byNumber = /^\d+$/.test(said) ? spec.options[Number(said) - 1] : undefined;
  if (byNumber) return { ok: true, value: byNumber.value };
  for (const option of spec.options) {
    const names = [option.value, ...Object.values(option.label), ...option.synonyms];
    if (names.some((name) => name !== undefined && normalizeKeyword(name) === said)) {
      return { ok: true, value: option.value };
    }
  }
  return INVALID;
}
