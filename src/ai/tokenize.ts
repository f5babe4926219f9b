// How knowledge text and customer questions become search terms, the same way on both sides: full-width
// folded, lower case, accents off, stopwords out; Chinese characters, katakana and Hangul become bigrams.

/**
 * Words that say nothing about the topic, in the supported Latin-script languages (accents already off).
 * Question words stay searchable: in a FAQ, "where" (tracking), "how much" (costs) and "when" carry meaning.
 */
const LATIN_STOPWORDS = new Set(
  // English
  (
    "the and for you your are was were does did can could would with this " +
    "that have has from take takes please thanks thank hello there get want need about into our its not any will " +
    "just still yet been being there here some more also then than them they their is it my me an a of " +
    "to in on at be do if or so as by no i im i'm ok okay hi hey " +
    // Spanish
    "los las del que por para con una quiero tengo puedo esta este estan esto son mis tus sus " +
    "hay muy pero sin sobre hola gracias favor el la lo le les un unos unas es en y o a de mi tu su me te se al " +
    "ya si no cual puede pueden hacer hago " +
    // Portuguese
    "dos das com uma por para quero tenho posso voce voces meu minha seu sua nao sim ola obrigado " +
    "obrigada isso esse essa este esta estou pode podem fazer faco um uns umas o os as e em no na nos nas ao do da " +
    // French
    "les des une pour avec est que qui mon mes vous nous suis mais sans sur dans par pas est-ce ce cet cette " +
    "ces le la un du au aux et ou je tu il elle on ma ta sa ton son vos nos leur bonjour merci peux puis faire"
  ).split(" "),
);

/**
 * Question words: kept (they tell "where is my order" from "how do I cancel my order") but weighed lightly in
 * the confidence, or a rare one ("what" in a single title) would outweigh the question's topic.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    "how what when where which who why much many donde cuando como cuanto cuanta cuantos cuantas onde quando " +
    "quanto quanta qual quand comment combien quel quelle"
  ).split(" "),
);

/** Bigrams that are grammar, not topic (Korean endings and question words; Japanese hiragana is dropped anyway). */
const CJK_STOP_BIGRAMS = new Set(
  (
    "어떻 떻게 하나 나요 있나 있어 어요 해요 싶어 싶은 주세 세요 할수 수있 습니 니다 합니 인가 가요 언제 무엇 " +
    "뭐예 예요 제가 저는 나는 어디 디에 디서 되나 되요 돼요 하면 려면 는데 은데 인데 이에 에요 알려 려주 " +
    "있습 없어 없나 하고 고싶 얼마 마나 인지 건가 나요 할까 까요 안녕 하세"
  ).split(" "),
);

/** Lower case, full-width folded, accents off (then recomposed, so Hangul stays whole syllables). */
export function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .normalize("NFC");
}

const HIRAGANA = /^[\u3040-\u309F]$/;
const IDEOGRAPHIC = /[\u30A0-\u30FF\u4E00-\u9FFF\u3400-\u4DBF\uAC00-\uD7AF]/;

/** The search terms of a text. Deterministic: the same text always gives the same terms. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (IDEOGRAPHIC.test(run) || /[\u3040-\u309F]/.test(run)) pushCjk(run, tokens);
    else if ((run.length >= 2 && !LATIN_STOPWORDS.has(run)) || /^\d+$/.test(run)) tokens.push(stem(run));
  }
  return tokens;
}

/**
 * Japanese has no spaces: hiragana runs are mostly particles and endings, so they split the text and are
 * dropped; kanji, katakana and Hangul segments become overlapping bigrams (a lone character stays a unigram).
 */
function pushCjk(run: string, tokens: string[]): void {
  for (const segment of run.split(/[\u3040-\u309F]+/u)) {
    if (segment === "") continue;
    const chars = [...segment];
    if (chars.length === 1) {
      if (!HIRAGANA.test(segment)) tokens.push(segment);
      continue;
    }
    for (let i = 0; i < chars.length - 1; i++) {
      const bigram = `${chars[i]}${chars[i + 1]}`;
      if (!CJK_STOP_BIGRAMS.has(bigram)) tokens.push(bigram);
    }
  }
}

/** A light, language-blind stem: plural and common verb endings off, so "returns" finds "return". */
function stem(word: string): string {
  if (word.length <= 4 || /^\d+$/.test(word)) return word;
  return word.replace(/(?:ies|es|s|ing|ed)$/u, (suffix) => (word.length - suffix.length >= 4 ? "" : suffix));
}

/** Whether a text is written in a script the CJK path handles (used to pick fuzzy/prefix matching). */
export function isCjkTerm(term: string): boolean {
  return IDEOGRAPHIC.test(term);
}
