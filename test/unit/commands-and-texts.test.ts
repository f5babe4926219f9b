// The global-command keyword lists and the text catalog: matching rules, and catalog entries that are usable.
import { describe, expect, it } from "vitest";
import { COMMAND_KEYWORDS, matchCommand } from "../../src/i18n/commands";
import { LANGUAGES } from "../../src/i18n/languages";
import { normalizeKeyword } from "../../src/i18n/normalize";
import { TEXTS } from "../../src/i18n/texts";
import { WHATSAPP_TEXT_LIMIT } from "../../src/whatsapp/split-message";

describe("command matching", () => {
  it.each([
    ["STOP", "stop"],
    [" Stop! ", "stop"],
    ["ＳＴＯＰ", "stop"],
    ["stop.", "stop"],
    ["Arrêt", "stop"],
    ["arret", "stop"],
    ["Darme de baja", "stop"],
    ["수신 거부", "stop"],
    ["配信停止。", "stop"],
    ["Start", "start"],
    ["Reanudar", "start"],
    ["リセット", "reset"],
    ["start over", "reset"],
  ])("reads %j as %s", (text, command) => {
    expect(matchCommand(text)?.command).toBe(command);
  });

  it.each(["stop sending me the wrong size", "please stop", "cancel", "where is my order?", "", "🛑"])(
    "does not read %j as a command: only the whole message counts",
    (text) => {
      expect(matchCommand(text)).toBeUndefined();
    },
  );

  it("lists a keyword for one command only, in every language", () => {
    const owners = new Map<string, string>();
    for (const [command, byLanguage] of Object.entries(COMMAND_KEYWORDS)) {
      for (const language of LANGUAGES) {
        expect(byLanguage[language].length, `${command} in ${language}`).toBeGreaterThan(0);
        for (const keyword of byLanguage[language]) {
          const key = normalizeKeyword(keyword);
          expect(owners.get(key) ?? command, keyword).toBe(command);
          owners.set(key, command);
        }
      }
    }
  });
});

describe("the text catalog", () => {
  it("has every entry in all six languages, non-empty and within WhatsApp's limit", () => {
    for (const [key, byLanguage] of Object.entries(TEXTS)) {
      for (const language of LANGUAGES) {
        const value = byLanguage[language];
        expect(value.trim().length, `${key}.${language}`).toBeGreaterThan(0);
        expect(value.length, `${key}.${language}`).toBeLessThanOrEqual(WHATSAPP_TEXT_LIMIT);
      }
    }
  });

  it("tells the customer, in each language, a START keyword that works in that language", () => {
    for (const language of LANGUAGES) {
      const confirmation = normalizeKeyword(TEXTS.stopConfirmed[language]);
      const startWords = COMMAND_KEYWORDS.start[language].map(normalizeKeyword);
      expect(
        startWords.some((word) => ` ${confirmation} `.includes(` ${word} `)),
        `${language}: ${TEXTS.stopConfirmed[language]}`,
      ).toBe(true);
      for (const word of startWords.filter((w) => ` ${confirmation} `.includes(` ${w} `))) {
        expect(matchCommand(word)?.languages).toContain(language);
      }
    }
  });
});
