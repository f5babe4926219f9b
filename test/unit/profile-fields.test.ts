// The webhook's optional `profile` object: kept field by field, bad fields dropped with a warning (never the
// message), and nothing that identifies or reaches the customer (ids, phone, email) ever kept.
import { describe, expect, it } from "vitest";
import { toInboundMessage } from "../../src/webhook/inbound-message";
import { PROFILE_LIMITS, readProfileFields } from "../../src/webhook/profile-fields";

describe("profile fields", () => {
  it("keeps short scalar fields as strings and drops blanks silently", () => {
    const warnings: string[] = [];
    expect(
      readProfileFields(
        {
          First_Name: " Ana ",
          loyalty_tier: "gold",
          orders: 3,
          vip: true,
          last_order_date: "2026-11-01T10:30:00Z",
          city: "",
        },
        warnings,
      ),
    ).toEqual({
      first_name: "Ana",
      loyalty_tier: "gold",
      orders: "3",
      vip: "true",
      last_order_date: "2026-11-01T10:30:00Z",
    });
    expect(warnings).toEqual([]);
  });

  it("drops identifiers, contact details, nested values, long values and odd keys, with one warning", () => {
    const warnings: string[] = [];
    const kept = readProfileFields(
      {
        user_id: "u-1",
        braze_id: "b-1",
        phone_number: "+14155550123",
        email: "ana@example.com",
        note: "call 415 555 0123",
        contact: "ana@example.com",
        nested: { a: 1 },
        bio: "x".repeat(PROFILE_LIMITS.valueLength + 1),
        "bad key": "x",
        first_name: "Ana",
      },
      warnings,
    );
    expect(kept).toEqual({ first_name: "Ana" });
    expect(warnings).toHaveLength(1);
    for (const key of ["user_id", "braze_id", "phone_number", "email", "note", "contact", "nested", "bio"]) {
      expect(warnings[0]).toContain(key);
    }
    expect(warnings[0]).not.toContain("0123"); // a warning names the field, never its value
  });

  it(`keeps at most ${PROFILE_LIMITS.fields} fields`, () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field_${i}`, "v"]));
    const warnings: string[] = [];
    expect(Object.keys(readProfileFields(many, warnings) ?? {})).toHaveLength(PROFILE_LIMITS.fields);
    expect(warnings[0]).toContain(`more than ${PROFILE_LIMITS.fields} fields`);
  });

  it("drops identifier and secret keys written without an underscore (externalid, customerid, apikey, uuid)", () => {
    const warnings: string[] = [];
    const kept = readProfileFields(
      { externalid: "u-1", customerid: "c-1", apikey: "k", accesstoken: "t", uuid: "x", loyalty_tier: "gold" },
      warnings,
    );
    expect(kept).toEqual({ loyalty_tier: "gold" });
  });

  it("never refuses the message over a bad profile", () => {
    const result = toInboundMessage({ user_id: "u-1", message: "hi", profile: ["not", "an", "object"] });
    expect(result.ok).toBe(true);
    expect(result.ok && result.message.profile).toBeUndefined();
    expect(result.ok && result.warnings).toContain("profile dropped: expected an object");
  });
});
