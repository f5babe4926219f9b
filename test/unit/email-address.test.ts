// The flow engine's e-mail check: plain addresses only (RFC 5322 dot-atom, Unicode letters allowed), the
// domain lower-cased, anything carrying markup, quotes, comments or IP literals refused, in linear time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAnswer } from "../../src/flows/answers";
import { normalizeEmail } from "../../src/flows/email-address";

const RUNS = { seed: 20_261_210, numRuns: 1000 };

describe("the flow e-mail check", () => {
  it("refuses an address followed by markup (a@b.co<script>alert(1)</script>)", () => {
    expect(checkAnswer({ type: "email" } as never, "a@b.co<script>alert(1)</script>")).toEqual({ ok: false });
  });

  it.each([
    "a@b.co<script>alert(1)</script>",
    "<a@b.co>",
    '"john doe"@example.com',
    "john(comment)@example.com",
    "john@[127.0.0.1]",
    "john@example.com>",
    "john..doe@example.com",
    ".john@example.com",
    "john.@example.com",
    "john@-example.com",
    "john@example-.com",
    "john@example..com",
    "john@example.123",
    "john@localhost",
    "john@exa_mple.com",
    "jo;hn@example.com",
    "john@example.com\u0000",
    `${"a".repeat(65)}@example.com`,
    `a@${"b".repeat(64)}.com`,
    `a@${"b.".repeat(130)}com`,
  ])("refuses %j", (input) => {
    expect(normalizeEmail(input)).toBeUndefined();
  });

  it.each([
    ["Ana@Example.COM", "Ana@example.com"],
    ["o'brien+news@mail.example.co.uk", "o'brien+news@mail.example.co.uk"],
    ["first.last@sub-domain.example.org", "first.last@sub-domain.example.org"],
    ["josé@Café.fr", "josé@café.fr"],
    ["用户@例子.广告", "用户@例子.广告"],
    ["a@xn--80ak6aa92e.xn--p1ai", "a@xn--80ak6aa92e.xn--p1ai"],
  ])("accepts %j as %j", (input, value) => {
    expect(normalizeEmail(input)).toBe(value);
  });

  it("refuses any address with an HTML, quote or separator character inserted anywhere", () => {
    const breaker = fc.constantFrom("<", ">", '"', "(", ")", "[", "]", "\\", ",", ";", ":", " ", "\n", "\u202e");
    fc.assert(
      fc.property(fc.nat(30), breaker, (at, inserted) => {
        const address = "first.last+tag@mail.example.com";
        const position = at % (address.length + 1);
        expect(normalizeEmail(address.slice(0, position) + inserted + address.slice(position))).toBeUndefined();
      }),
      RUNS,
    );
  });

  it("gives back every well-formed generated address with only its domain lower-cased", () => {
    const atom = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}$/);
    const label = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?$/);
    const top = fc.stringMatching(/^[A-Za-z]{2,6}$/);
    fc.assert(
      fc.property(
        fc.array(atom, { minLength: 1, maxLength: 4 }),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        top,
        (atoms, labels, tld) => {
          const local = atoms.join(".");
          const domain = [...labels, tld].join(".");
          fc.pre(local.length <= 64);
          expect(normalizeEmail(`${local}@${domain}`)).toBe(`${local}@${domain.toLowerCase()}`);
        },
      ),
      RUNS,
    );
  });

  it("refuses hyphen, dot and @ runs up to 254 characters, and anything longer before any pattern runs", () => {
    const shapes = [
      "a-".repeat(127),
      `a@${"b-".repeat(125)}`,
      `${"a.".repeat(31)}a@${"b.".repeat(109)}`,
      "@".repeat(254),
    ];
    for (const input of shapes) expect(normalizeEmail(input.slice(0, 254))).toBeUndefined();
    // Longer inputs are refused before any pattern runs: a million characters costs one length check.
    expect(normalizeEmail(`a@${"b-".repeat(500_000)}.com`)).toBeUndefined();
  });
});
