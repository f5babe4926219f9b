// The body parser's work bound, on generated adversarial bodies: repeated `","k":"` segments with and without
// newlines, many fields before and after the message, nested objects, 10,000 fields, bodies up to 256 KB. The
// recovery never throws and never takes more than STEP_BUDGET_PER_CHAR steps a character; bodies an operator's
// template really produces never need the fallback. (Wall time is printed by `npm run bench:parser`, not asserted.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWebhookBody } from "../../src/webhook/parse-body";
import { recoverTemplate, STEP_BUDGET_PER_CHAR } from "../../src/webhook/template-recovery";
import { ADVERSARIAL_MESSAGES, bodyAround } from "../corpus/adversarial-bodies";

const KNOWN = new Set(["user_id", "phone_number", "message", "profile_name", "profile"]);
const RUNS = { seed: 20_261_204, numRuns: 60 };

const size = fc.integer({ min: 64, max: 256 * 1024 });
const generator = fc.constantFrom(...Object.keys(ADVERSARIAL_MESSAGES));
const shape = fc.constantFrom("guide", "fields-after", "profile-after", "many-before");

describe("template recovery's work bound", () => {
  it("takes at most STEP_BUDGET_PER_CHAR steps per character and never throws, on every adversarial generator", () => {
    fc.assert(
      fc.property(generator, size, shape, (name, bytes, template) => {
        const text = ADVERSARIAL_MESSAGES[name]?.(bytes) ?? "";
        const body = bodyAround(template, text);
        const recovery = recoverTemplate(body, KNOWN);
        expect(recovery).not.toBeNull();
        // The step that crosses the budget ends the reading at once; it charges at most one body length.
        expect(recovery?.steps ?? 0).toBeLessThanOrEqual((STEP_BUDGET_PER_CHAR + 1) * body.length);
        const parsed = parseWebhookBody(body);
        expect(parsed).toMatchObject({ ok: true, fields: { user_id: "u-1" } });
      }),
      RUNS,
    );
  });

  it("reads 10,000 numeric fields, valid or not, without recursion or a stack overflow", () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `"f${i}": ${i}`).join(", ");
    const valid = `{"user_id": "u-1", "message": "hi", ${fields}}`;
    const invalid = `{"user_id": "u-1", "message": "say "hi"", ${fields}}`;
    expect(parseWebhookBody(valid)).toMatchObject({ ok: true, fields: { user_id: "u-1", message: "hi" } });
    // Past MAX_MEMBERS_AFTER_TEXT member-shaped pieces the recovery stops weighing them: the rest is the message.
    const parsed = parseWebhookBody(invalid);
    expect(parsed).toMatchObject({ ok: true, fallback: true, fields: { user_id: "u-1" } });
    expect(parsed.ok && parsed.fields.message).toMatch(/^say "hi"", "f0": 0, /);
  });

  it("charges whitespace runs that every member would re-scan (found in review: 0.5 s at 256 KB before)", () => {
    const head = '{"user_id": "u-1", "phone_number": "+14155550100", "message": "';
    const members = ',"a":"x'.repeat(255);
    const body = `${head}${members}"${" ".repeat(256 * 1024 - head.length - members.length - 3)}}`;
    const recovery = recoverTemplate(body, KNOWN);
    expect(recovery?.steps ?? 0).toBeLessThanOrEqual((STEP_BUDGET_PER_CHAR + 1) * body.length);
    expect(parseWebhookBody(body)).toMatchObject({ ok: true, fields: { user_id: "u-1" } });
  });

  it("never throws on a message of ten million characters (no regex that can overflow the stack)", () => {
    const body = `{"user_id": "u1", "message": "${"a".repeat(10_000_000)}", "x": "a"b"}`;
    expect(() => parseWebhookBody(body)).not.toThrow();
  });

  it("never needs the fallback for what templates produce: fields before and after, a nested profile, quotes", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", '"', ",", "\n", "é", "{", "}", "?"), maxLength: 300 });
    fc.assert(
      fc.property(text, shape, (typed, template) => {
        const recovery = recoverTemplate(bodyAround(template, typed), KNOWN);
        expect(recovery?.fallback).toBe(false);
        expect(recovery?.members.find((m) => m.key === "message")?.value).toBe(typed);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it("makes the rest of the body the message when the budget runs out, keeping the operator's identity", () => {
    // No generated body comes near the budget (3.75 steps a character at worst), so this one is given a tiny one.
    const body = bodyAround("fields-after", 'say "hi", "a": "b" and more');
    const recovery = recoverTemplate(body, KNOWN, { budgetPerChar: 1 });
    expect(recovery?.fallback).toBe(true);
    expect(recovery?.members.filter((m) => !m.afterFreeText).map((m) => m.key)).toEqual(["user_id", "phone_number"]);
    // The operator's trailing fields stay in the text: lossy, but nothing the customer typed is lost.
    expect(recovery?.members.find((m) => m.key === "message")?.value).toMatch(/^say "hi", "a": "b" and more", "source/);
  });
});
