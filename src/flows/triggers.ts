// Which flow a customer's message starts: keywords and phrases per language (case-, accent- and
// punctuation-insensitive, found as whole words anywhere in the message; inside the text for Japanese and
// Korean, which attach particles to words) or the operator's regular expressions.
import type { Language } from "../i18n/languages";
import { normalizeKeyword } from "../i18n/normalize";
import type { Flow } from "./schema";

export interface TriggerMatch {
  flowId: string;
  /** The language of the keyword that matched (a regular expression has none). */
  language: Language | undefined;
}

interface CompiledKeyword {
  normalized: string;
  language: Language;
  /** Scripts without spaces between words, or with particles glued to them, match inside the text. */
  inside: boolean;
}

export interface CompiledTriggers {
  flowId: string;
  keywords: CompiledKeyword[];
  patterns: RegExp[];
}

const CJK_OR_HANGUL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function compileTriggers(flow: Flow): CompiledTriggers {
  const keywords: CompiledKeyword[] = [];
  for (const [language, words] of Object.entries(flow.triggers.keywords) as [Language, string[]][]) {
    for (const word of words) {
      const normalized = normalizeKeyword(word);
      if (normalized !== "") keywords.push({ normalized, language, inside: CJK_OR_HANGUL.test(normalized) });
    }
  }
  return { flowId: flow.id, keywords, patterns: flow.triggers.patterns.map((p) => new RegExp(p, "iu")) };
}

/** The first flow (in catalog order) whose trigger the message contains. */
export function matchTrigger(triggers: readonly CompiledTriggers[], text: string): TriggerMatch | undefined {
  const said = normalizeKeyword(text);
  if (said === "") return undefined;
  const padded = ` ${said} `;
  for (const flow of triggers) {
    const keyword = flow.keywords.find((k) =>
      k.inside ? said.includes(k.normalized) : padded.includes(` ${k.normalized} `),
    );
    if (keyword) return { flowId: flow.flowId, language: keyword.language };
    if (flow.patterns.some((p) => p.test(text.normalize("NFKC")))) return { flowId: flow.flowId, language: undefined };
  }
  return undefined;
}
