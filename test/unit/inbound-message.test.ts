import { describe, expect, it } from "vitest";
import { FIELD_LIMITS, toInboundMessage } from "../../src/webhook/inbound-message";

describe("toInboundMessage", () => {
  it("refuses a body with neither user_id nor phone, naming the field", () => {
    const result = toInboundMessage({ message: "hi", user_id: "", phone_number: "" });
    expect(result).toMatchObject({ ok: false, field: "phone_number" });
  });

  it("accepts a phone-only body (a number Braze does not know yet)", () => {
    const result = toInboundMessage({ message: "hi", user_id: "", phone_number: "+44 20 7946 0958" });
    expect(result).toMatchObject({
      ok: true,
      message: { identity: { externalId: undefined, phone: "+44 20 7946 0958" } },
    });
  });

  it("coerces a numeric user_id and keeps the message", () => {
    const result = toInboundMessage({ user_id: 12345, message: "hi" });
    expect(result).toMatchObject({ ok: true, message: { identity: { externalId: "12345" }, text: "hi" } });
  });

  it("drops an over-long optional field with a warning and keeps the message", () => {
    const result = toInboundMessage({
      user_id: "u",
      message: "hi",
      profile_name: "x".repeat(FIELD_LIMITS.profileName + 1),
    });
    if (!result.ok) throw new Error("expected ok");
    expect(result.message.profileName).toBeUndefined();
    expect(result.message.text).toBe("hi");
    expect(result.warnings.join()).toContain("profile_name dropped");
  });

  it("reads media URLs from an array or from Liquid's joined string", () => {
    const fromArray = toInboundMessage({ user_id: "u", media_urls: ["https://m/1", "https://m/2"] });
    const fromString = toInboundMessage({ user_id: "u", media_urls: "https://m/1, https://m/2" });
    expect(fromArray.ok && fromArray.message.mediaUrls).toEqual(["https://m/1", "https://m/2"]);
    expect(fromString.ok && fromString.message.mediaUrls).toEqual(["https://m/1", "https://m/2"]);
  });

  it("reads sent_at in epoch seconds, milliseconds or ISO 8601", () => {
    const at = Date.UTC(2026, 10, 23, 8, 0, 0);
    for (const sentAt of [at / 1000, at, new Date(at).toISOString()]) {
      const result = toInboundMessage({ user_id: "u", message: "m", sent_at: sentAt });
      expect(result.ok && result.message.sentAt).toBe(at);
    }
  });
});
