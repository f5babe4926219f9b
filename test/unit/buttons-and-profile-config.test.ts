// The quick-reply rules (labels, counts, the numbered-text form, the split with buttons on the last part) and the
// configuration of button campaigns and chat facts.
import { describe, expect, it } from "vitest";
import { buttonProperties, checkButtons, QUICK_REPLY_BODY_MAX, withNumberedChoices } from "../../src/braze/buttons";
import { CHAT_EVENTS, CHAT_FACT_ATTRIBUTES, ConfigError, loadConfig } from "../../src/config";
import { planReplyParts } from "../../src/conversation/reply-parts";
import { TEXTS } from "../../src/i18n/texts";
import { TEST_BINDINGS } from "../bindings";

function configOf(env: Record<string, string | undefined>) {
  return loadConfig({ ...env });
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    configOf(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("checkButtons", () => {
  it("accepts one to three distinct labels of at most 20 characters, trimmed", () => {
    expect(checkButtons([" Buying ", "Partnership", "Press"])).toEqual({
      ok: true,
      labels: ["Buying", "Partnership", "Press"],
    });
    expect(checkButtons(["x".repeat(20)]).ok).toBe(true);
  });

  it.each([
    [[], "no buttons"],
    [["a", "b", "c", "d"], "4 buttons (max 3)"],
    [["x".repeat(21)], "a label over 20"],
    [["ok", ""], "an empty label"],
    [["Yes", "YES"], "a repeated label"],
    [["👍".repeat(11)], "a label over 20"], // 22 UTF-16 units: counted strictly
  ])("refuses %j (%s)", (labels, why) => {
    expect(checkButtons(labels)).toEqual({ ok: false, why });
  });

  it("names the trigger properties the button campaigns' Liquid reads", () => {
    expect(buttonProperties(["A", "B"])).toEqual({ button_1: "A", button_2: "B" });
  });

  it("numbers the choices under the text, then the hint; no list without labels", () => {
    expect(withNumberedChoices("Why?", ["Buying", " Press "], "Reply with a number.")).toBe(
      "Why?\n\n1. Buying\n2. Press\n\nReply with a number.",
    );
    expect(withNumberedChoices("Why?", ["  "], "hint")).toBe("Why?");
  });
});

describe("planReplyParts", () => {
  const base = configOf(TEST_BINDINGS);
  const config = { ...base, braze: { ...base.braze, buttonCampaignIds: { 2: "buttons-2" } } };

  it("sends a reply without buttons through the reply campaign", () => {
    expect(planReplyParts("hello", undefined, config, "en", {})).toEqual([
      { text: "hello", campaignId: base.braze.replyCampaignId },
    ]);
  });

  it("cuts the buttons' part to the 1,024-character interactive body; the rest goes before it as text", () => {
    const body = "word ".repeat(600).trim(); // 2,999 characters: one text part, too long for a button body
    const parts = planReplyParts(body, ["Yes", "No"], config, "en", {});
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(
      parts.slice(0, -1).every((p) => p.buttons === undefined && p.campaignId === base.braze.replyCampaignId),
    ).toBe(true);
    expect(parts.at(-1)).toMatchObject({ campaignId: "buttons-2", buttons: ["Yes", "No"] });
    expect(parts.at(-1)?.text.length).toBeLessThanOrEqual(QUICK_REPLY_BODY_MAX);
    expect(parts.map((p) => p.text).join(" ")).toBe(body);
  });

  it("falls back to numbered text in the customer's language when the count has no campaign", () => {
    const [part, ...rest] = planReplyParts("Choisissez", ["A", "B", "C"], config, "fr", {});
    expect(rest).toEqual([]);
    expect(part).toEqual({
      text: `Choisissez\n\n1. A\n2. B\n3. C\n\n${TEXTS.choiceHint.fr}`,
      campaignId: base.braze.replyCampaignId,
    });
  });
});

describe("configuration of buttons and chat facts", () => {
  it("writes every chat fact and event unless told otherwise, and none when the lists are empty", () => {
    const { PROFILE_ATTRIBUTES: _a, PROFILE_EVENTS: _e, ...unset } = TEST_BINDINGS;
    const defaults = configOf(unset).profile;
    expect([...defaults.attributes]).toEqual([...CHAT_FACT_ATTRIBUTES]);
    expect([...defaults.events]).toEqual([...CHAT_EVENTS]);
    const none = configOf({ ...TEST_BINDINGS, PROFILE_ATTRIBUTES: "", PROFILE_EVENTS: " " }).profile;
    expect(none.attributes.size + none.events.size).toBe(0);
  });

  it("reads a subset and refuses an unknown name, naming the variable", () => {
    const picked = configOf({ ...TEST_BINDINGS, PROFILE_ATTRIBUTES: "ai_language, ai_turns" }).profile;
    expect([...picked.attributes]).toEqual(["ai_language", "ai_turns"]);
    const problems = problemsOf({ ...TEST_BINDINGS, PROFILE_ATTRIBUTES: "ai_language,phone_number" }).join();
    expect(problems).toMatch(/^PROFILE_ATTRIBUTES has unknown names phone_number/);
    expect(problemsOf({ ...TEST_BINDINGS, PROFILE_EVENTS: "ai_chat_turn,purchase" }).join()).toMatch(
      /^PROFILE_EVENTS /,
    );
  });

  it("reads the button campaigns by count; the local sink has all three by default", () => {
    const rest = configOf({ ...TEST_BINDINGS, BRAZE_BUTTONS_3_CAMPAIGN_ID: " c3 " }).braze.buttonCampaignIds;
    expect(rest).toEqual({ 3: "c3" });
    const local = configOf({ ...TEST_BINDINGS, BRAZE_REST_ENDPOINT: "local" }).braze.buttonCampaignIds;
    expect(Object.keys(local)).toEqual(["1", "2", "3"]);
  });
});
