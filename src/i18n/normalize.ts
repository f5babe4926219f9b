// How a whole message is compared with a keyword: Unicode-normalised, case- and accent-insensitive, with the
// punctuation, emoji and spacing people add around a one-word command ("Stop!", " STOP. ", "ｓｔｏｐ") ignored.

/** The comparable form of a keyword or of a whole customer message. */
export function normalizeKeyword(text: string): string {
  return (
    text
      // NFKC folds full-width letters (common on Japanese keyboards) and compatibility forms first.
      .normalize("NFKC")
      .toLowerCase()
      // Accents off: "arrêt" = "arret", "dé­sabonner" = "desabonner". Hangul and kana are recomposed below.
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .normalize("NFC")
      // Everything that is not a letter or a digit separates words; a run of them counts once.
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
  );
}
