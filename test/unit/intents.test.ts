// The brain's "talk to a person" detection inside free text: every language's request phrases, without
// mistaking a one-word mention in an ordinary sentence ("my agent said...") for a request.
import { describe, expect, it } from "vitest";
import { asksForHuman } from "../../src/i18n/intents";

describe("asksForHuman", () => {
  it.each([
    "can I talk to a person?",
    "I want to speak to an agent please",
    "agent please",
    "quiero hablar con un agente",
    "quero falar com um atendente",
    "je voudrais parler à un conseiller",
    "상담원 연결해 주세요",
    "オペレーターと話したい",
  ])("hears a request in %s", (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each([
    "my agent said the parcel left yesterday",
    "the shipping agente in my town has had my parcel since monday",
    "how long does delivery to Spain take?",
  ])("does not hand off on a mention in %s", (text) => {
    expect(asksForHuman(text)).toBe(false);
  });

  it("adds the operator's phrases", () => {
    expect(asksForHuman("complaint desk now", ["complaint desk"])).toBe(true);
  });
});
