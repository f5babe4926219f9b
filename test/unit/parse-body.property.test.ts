// Property tests of the webhook body parser: whatever a customer types, the guide's unescaped template gives
// back exactly that text for the real user (or a clean refusal), the recommended escaped body round-trips,
// and no input at all makes the parser throw. Fixed seeds keep failures reproducible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toInboundMessage } from "../../src/webhook/inbound-message";
import { parseWebhookBody } from "../../src/webhook/parse-body";
import { guideBody } from "../helpers/webhook";

const RUNS = { seed: 20_260_505, numRuns: 2000 };

/** Pieces that break naive JSON templating: quotes, escapes, control characters, member and object syntax. */
const JSON_BREAKERS = [
  '"',
  "\\",
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u001F",
  '"}',
  '",',
  '", "',
  '": "',
  '":',
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  " ",
  "\\u0041",
  '\\"',
  "\\n",
  "true",
  "null",
  "\uFEFF",
  "\u2028",
];

/** A forged member of the body, in the spellings a customer could type. */
const forgedMember = (key: string) => [`", "${key}": "`, `","${key}":"`, `"${key}"`, `", "${key}": 1, "x": "`];

/** Keys of the guide's own body: a forged one is a duplicate, which the parser must never accept. */
const TEMPLATE_KEYS = ["user_id", "phone_number", "message"].flatMap(forgedMember);

/**
 * Known fields the guide's body does NOT carry. A message that forms a whole member with one of them
 * (`x", "sent_at": "1`) is currently read as that field, so the text comes back cut short: the known-wrong
 * cases "injected escaped marker", "injected sent_at" and "injected media_urls" of test/corpus/webhook-bodies.ts.
 * They are kept out of the exact-text property, stay in the identity property, and have their own known-wrong one.
 */
const ABSENT_KNOWN_KEYS = ["escaped", "sent_at", "media_urls", "message_id", "language", "profile_name"].flatMap(
  forgedMember,
);

/** Any code point, plus lone surrogates (which "binary" never yields and escaped JSON can carry). */
const anyChar = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 9 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)), weight: 1 },
);
const message = (fragments: string[]) =>
  fc.string({ unit: fc.oneof(anyChar, fc.constantFrom(...fragments)), maxLength: 40 });

/** External ids and phones as Braze renders them (json-safe: no quote or backslash). */
const userId = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,40}$/);
const phone = fc.stringMatching(/^\+[1-9]\d{7,14}$/);

describe("the guide's unescaped template", () => {
  it("gives back exactly the typed text and the real user, for any text built from JSON-breaking pieces", () => {
    fc.assert(
      fc.property(userId, phone, message([...JSON_BREAKERS, ...TEMPLATE_KEYS]), (user, tel, text) => {
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

  it("never yields another user_id or phone, whatever fields the text forges, and never throws", () => {
    const forged = message([...JSON_BREAKERS, ...TEMPLATE_KEYS, ...ABSENT_KNOWN_KEYS, '"victim"', '"+19990000000"']);
    fc.assert(
      fc.property(fc.option(userId, { nil: "" }), phone, forged, (user, tel, text) => {
        const parsed = parseWebhookBody(guideBody({ user_id: user, phone_number: tel, message: text }));
        if (!parsed.ok) return; // a clean refusal is allowed; a stranger's identity is not
        expect(parsed.fields.user_id).toBe(user);
        expect(parsed.fields.phone_number).toBe(tel);
        const inbound = toInboundMessage(parsed.fields);
        expect(inbound.ok && inbound.message.identity.externalId).toBe(user === "" ? undefined : user);
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
    const token = fc.oneof(
      fc.constantFrom(...JSON_BREAKERS, ...TEMPLATE_KEYS, ...ABSENT_KNOWN_KEYS, '"__proto__"', "0", "-1e999"),
      anyChar,
    );
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
