// Property tests of the webhook body parser: whatever a customer types, the guide's unescaped template gives
// back exactly that text for the real user (or a clean refusal), the recommended escaped body round-trips,
// and no input at all makes the parser throw. Fixed seeds keep failures reproducible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toInboundMessage } from "../../src/webhook/inbound-message";
import { PROTECTED_KEYS, parseWebhookBody } from "../../src/webhook/parse-body";
import { guideBody } from "../helpers/webhook";

const RUNS = { seed: 20_260_505, numRuns: 2000 };

/** Pieces that break naive JSON templating: quotes, control characters, object syntax, but no colon or backslash. */
const TEXT_BREAKERS = [
  '"',
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u001F",
  '"}',
  '",',
  '", "',
  "{",
  "}",
  "[",
  "]",
  ",",
  " ",
  "true",
  "null",
  "\uFEFF",
  "\u2028",
];

/** With colons and backslashes too: text that can form members (`", "k": "`) and escapes. */
const JSON_BREAKERS = [...TEXT_BREAKERS, '": "', '":', ":", "\\", "\\u0041", '\\"', "\\n"];

/** A forged member of the body, in the spellings a customer could type. */
const forgedMember = (key: string) => [`", "${key}": "`, `","${key}":"`, `"${key}"`, `", "${key}": 1, "x": "`];

/** Every field that says who, where, when or which message: none may ever come from the customer's text. */
const FORGEABLE_KEYS = [...PROTECTED_KEYS, "escaped", "message", "profile_name"].flatMap(forgedMember);

/** Any code point but the colon and the backslash, plus lone surrogates (which "binary" never yields). */
const anyChar = fc.oneof(
  {
    arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => c !== ":" && c !== "\\"),
    weight: 9,
  },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)), weight: 1 },
);
const message = (fragments: string[]) =>
  fc.string({ unit: fc.oneof(anyChar, fc.constantFrom(...fragments)), maxLength: 40 });

/** External ids and phones as Braze renders them (json-safe: no quote or backslash). */
const userId = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,40}$/);
const phone = fc.stringMatching(/^\+[1-9]\d{7,14}$/);
const victim = { user_id: '"victim"', phone_number: '"+19990000000"' };

describe("the guide's unescaped template", () => {
  it("gives back exactly the typed text and the real user, for any text that cannot form a member", () => {
    fc.assert(
      fc.property(userId, phone, message(TEXT_BREAKERS), (user, tel, text) => {
        const parsed = parseWebhookBody(guideBody({ user_id: user, phone_number: tel, message: text }));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.fields.message).toBe(text);
        const inbound = toInboundMessage(parsed.fields);
        expect(inbound.ok && inbound.message.identity).toEqual({ externalId: user, phone: tel, brazeId: undefined });
        // A lone surrogate cannot arrive in UTF-8; if one does, the stored text holds U+FFFD in its place.
        expect(inbound.ok && inbound.message.text).toBe(text.toWellFormed());
      }),
      RUNS,
    );
  });

  // The three template shapes of finding 5: both identity fields, user_id only, phone only. Whatever the text
  // forges, the identity is the template's, and no protected field is ever taken from the text.
  const shapes = fc.constantFrom("both", "user-only", "phone-only");
  it("never takes an identity, routing, timing or dedupe field from the text, in any template shape", () => {
    const forged = message([...JSON_BREAKERS, ...FORGEABLE_KEYS, victim.user_id, victim.phone_number]);
    fc.assert(
      fc.property(userId, phone, forged, shapes, (user, tel, text, shape) => {
        const head = [
          shape !== "phone-only" ? `"user_id": "${user}"` : "",
          shape !== "user-only" ? `"phone_number": "${tel}"` : "",
        ].filter(Boolean);
        const parsed = parseWebhookBody(`{${head.join(", ")}, "message": "${text}"}`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.fields.user_id).toBe(shape === "phone-only" ? undefined : user);
        expect(parsed.fields.phone_number).toBe(shape === "user-only" ? undefined : tel);
        for (const key of PROTECTED_KEYS)
          if (key !== "user_id" && key !== "phone_number") expect(parsed.fields[key]).toBeUndefined();
      }),
      RUNS,
    );
  });
});

describe("the recommended escaped body", () => {
  // "escaped": true must open the body (a customer could type it after the message); the rest in any order.
  const orders = fc.constantFrom(
    ["escaped", "user_id", "phone_number", "profile_name", "message"],
    ["escaped", "message", "profile_name", "phone_number", "user_id"],
    ["escaped", "profile_name", "message", "user_id", "phone_number"],
  );

  it("round-trips any message and profile name exactly, lone surrogates included, in any order after escaped", () => {
    const text = fc.string({ unit: fc.oneof(anyChar, fc.constantFrom(...JSON_BREAKERS)), maxLength: 60 });
    fc.assert(
      fc.property(userId, phone, text, text, orders, (user, tel, body, name, order) => {
        const values: Record<string, unknown> = {
          escaped: true,
          user_id: user,
          phone_number: tel,
          profile_name: name,
          message: body,
        };
        const raw = JSON.stringify(Object.fromEntries(order.map((key) => [key, values[key]])));
        const parsed = parseWebhookBody(raw);
        expect(parsed).toMatchObject({ ok: true, mode: "escaped-json" });
        if (!parsed.ok) return;
        expect(parsed.fields.message).toBe(body);
        expect(parsed.fields.profile_name).toBe(name);
        expect(parsed.fields.user_id).toBe(user);
      }),
      RUNS,
    );
  });
});

describe("any input at all", () => {
  it("never throws on arbitrary bytes, and whatever it accepts is a plain object", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const parsed = parseWebhookBody(new TextDecoder().decode(bytes));
        if (parsed.ok) {
          expect(Object.getPrototypeOf(parsed.fields)).toBe(Object.prototype);
          expect(() => toInboundMessage(parsed.fields)).not.toThrow();
        } else expect(parsed.problem).toEqual(expect.any(String));
      }),
      RUNS,
    );
  });

  it("never throws on soups of JSON syntax and known keys, and never accepts a non-object", () => {
    const token = fc.oneof(fc.constantFrom(...JSON_BREAKERS, ...FORGEABLE_KEYS, '"__proto__"', "0", "-1e999"), anyChar);
    fc.assert(
      fc.property(fc.string({ unit: token, maxLength: 80 }), (raw) => {
        const parsed = parseWebhookBody(raw);
        if (!parsed.ok) return;
        expect(typeof parsed.fields === "object" && !Array.isArray(parsed.fields)).toBe(true);
        expect(() => toInboundMessage(parsed.fields)).not.toThrow();
      }),
      RUNS,
    );
  });

  it("never throws on any JSON value, and accepts exactly the objects", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = parseWebhookBody(JSON.stringify(value) ?? "");
        const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
        expect(parsed.ok).toBe(isObject);
      }),
      RUNS,
    );
  });
});
