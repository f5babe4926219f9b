import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIELD_LIMITS, SENT_AT_BOUNDS, toInboundMessage } from "../../src/webhook/inbound-message";

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

  it("reads sent_at in epoch seconds, milliseconds or ISO 8601 (within the bounds)", () => {
    const at = Math.floor((Date.now() - 60 * 60 * 1000) / 1000) * 1000;
    for (const sentAt of [at / 1000, String(at / 1000), at, new Date(at).toISOString()]) {
      const result = toInboundMessage({ user_id: "u", message: "m", sent_at: sentAt });
      expect(result.ok && result.message.sentAt).toBe(at);
    }
  });

  it("drops a sent_at outside the bounds with a warning and keeps the message", () => {
    const now = Date.now();
    const tooOld = now - SENT_AT_BOUNDS.pastMs - 60_000;
    const tooNew = now + SENT_AT_BOUNDS.futureMs + 60_000;
    for (const sentAt of [-1e20, "-1e20", 0, "1", 1e300, tooOld, tooNew, tooNew / 1000, "0001-01-01T00:00:00Z"]) {
      const result = toInboundMessage({ user_id: "u", message: "where is my order?", sent_at: sentAt });
      if (!result.ok) throw new Error("expected ok");
      expect(result.message.sentAt).toBeUndefined();
      expect(result.message.text).toBe("where is my order?");
      expect(result.warnings.join()).toContain("sent_at dropped: outside");
    }
  });

  it("keeps a sent_at a little older than 24 hours (a late Braze retry) so the 24-hour window stays closed", () => {
    const at = Date.now() - 25 * 60 * 60 * 1000;
    const result = toInboundMessage({ user_id: "u", message: "m", sent_at: at });
    expect(result.ok && result.message.sentAt).toBe(at);
  });

  it("never yields a sent_at outside the bounds, whatever the value (fast-check)", () => {
    const anyValue = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.bigInt().map((b) => b.toString()),
      fc.double().map(String),
      fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "not a date" : d.toISOString())),
      fc.integer({ min: -4e9, max: 4e9 }).map((s) => Date.now() / 1000 + s),
      fc.string(),
    );
    fc.assert(
      fc.property(anyValue, (sentAt) => {
        const before = Date.now();
        const result = toInboundMessage({ user_id: "u", message: "kept", sent_at: sentAt });
        const after = Date.now();
        if (!result.ok) return false;
        const { sentAt: read, text } = result.message;
        if (text !== "kept") return false;
        return (
          read === undefined || (read >= before - SENT_AT_BOUNDS.pastMs && read <= after + SENT_AT_BOUNDS.futureMs)
        );
      }),
      { seed: 20_261_204, numRuns: 2000 },
    );
  });
});
