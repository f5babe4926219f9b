import { describe, expect, it } from "vitest";
import { bestMatch, parseKnowledge, shopKnowledge } from "../../src/ai/knowledge";
import { OFFLINE_MIN_SCORE } from "../../src/ai/offline-model";

describe("knowledge file", () => {
  it("unwraps hard-wrapped paragraphs so WhatsApp does not show stray line breaks", () => {
    const [entry] = parseKnowledge("## Delivery\n\nStandard delivery takes\n2 days.\n\n- one\n- two\n");
    expect(entry?.body).toBe("Standard delivery takes 2 days.\n\n- one\n- two");
  });

  it("matches routine questions to the right entry and rejects unrelated ones", () => {
    const entries = shopKnowledge();
    expect(bestMatch(entries, "How long does delivery take?")?.entry.title).toBe("Delivery times and shipping costs");
    expect(bestMatch(entries, "I want to return my shoes")?.entry.title).toBe("Returns and refunds");
    expect(bestMatch(entries, "Can I pay with PayPal?")?.entry.title).toBe("Payment methods");
    expect(bestMatch(entries, "What is the meaning of life?")?.score ?? 0).toBeLessThan(OFFLINE_MIN_SCORE);
  });
});
