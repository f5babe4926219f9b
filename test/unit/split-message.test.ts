import { describe, expect, it } from "vitest";
import { splitMessage, WHATSAPP_TEXT_LIMIT } from "../../src/whatsapp/split-message";

describe("splitMessage", () => {
  it("leaves a short reply whole", () => {
    expect(splitMessage("Hello!")).toEqual(["Hello!"]);
  });

  it("splits a 9,000-character reply with emoji and URLs into ordered parts within the limit", () => {
    const paragraph =
      "Our returns policy 👨‍👩‍👧 is generous. See https://shop.example/returns?lang=en&x=1 for details. ";
    const text = paragraph.repeat(Math.ceil(9000 / paragraph.length)).trim();
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(WHATSAPP_TEXT_LIMIT);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/); // no dangling high surrogate
    }
    expect(parts.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " "));
    for (const part of parts)
      for (const url of part.match(/https?:\/\/\S+/g) ?? [])
        expect(url).toBe("https://shop.example/returns?lang=en&x=1");
  });

  it("never cuts inside an emoji sequence when there is no space at all", () => {
    const text = "👨‍👩‍👧".repeat(1000);
    const parts = splitMessage(text);
    expect(parts.join("")).toBe(text);
    for (const part of parts) expect(part.length % "👨‍👩‍👧".length).toBe(0);
  });
});
