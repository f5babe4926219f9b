import { describe, expect, it } from "vitest";
import { parseWebhookBody } from "../../src/webhook/parse-body";
import { guideBody } from "../helpers/webhook";

function fieldsOf(raw: string) {
  const parsed = parseWebhookBody(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.fields;
}

describe("parseWebhookBody on the guide's unescaped template", () => {
  const hostile = [
    'She said "hi" to me',
    "C:\\new\\folder and \\u00e9 typed literally",
    "line one\nline two\n\nline four",
    "tab\there",
    "emoji 👋🏽 and family 👨‍👩‍👧 and flag 🇧🇷",
    'trailing quote"',
    '", "x": "y',
    "{ } [ ] , : \" '",
    "",
    "   spaces   ",
  ];
  for (const message of hostile) {
    it(`recovers the exact text of ${JSON.stringify(message).slice(0, 40)}`, () => {
      const fields = fieldsOf(guideBody({ user_id: "u1", phone_number: "+14155550100", message }));
      expect(fields.message).toBe(message);
      expect(fields.user_id).toBe("u1");
      expect(fields.phone_number).toBe("+14155550100");
    });
  }

  it("does not let a message inject a second user_id", () => {
    const message = 'hello", "user_id": "victim';
    const fields = fieldsOf(guideBody({ user_id: "real-user", phone_number: "+14155550100", message }));
    expect(fields.user_id).toBe("real-user");
    expect(fields.message).toBe(message);
  });

  it("does not let an injected escaped marker switch to decoded JSON", () => {
    const message = '", "escaped": true, "user_id": "victim';
    const fields = fieldsOf(guideBody({ user_id: "real-user", message }));
    expect(fields.user_id).toBe("real-user");
    expect(fields.message).toBe(message);
  });

  it("reads a free-text field in the middle of the body", () => {
    const raw = '{"message": "a "quoted", word", "user_id": "u2"}';
    expect(fieldsOf(raw)).toEqual({ message: 'a "quoted", word', user_id: "u2" });
  });
});

describe("parseWebhookBody on escaped JSON", () => {
  it("decodes escapes when the body says it was json_escaped", () => {
    const raw = JSON.stringify({ escaped: true, user_id: "u", message: 'say "hi"\n\\o/' });
    expect(fieldsOf(raw).message).toBe('say "hi"\n\\o/');
  });

  it("keeps nested objects and arrays", () => {
    const raw = JSON.stringify({
      escaped: true,
      user_id: "u",
      message: "m",
      media_urls: ["https://a/1"],
      profile: { tier: "gold" },
    });
    expect(fieldsOf(raw)).toMatchObject({ media_urls: ["https://a/1"], profile: { tier: "gold" } });
  });
});

describe("parseWebhookBody refusals", () => {
  it.each([
    ["", "body is empty"],
    ["   ", "body is empty"],
    ["not json at all", "body is not JSON"],
    ["[1,2,3]", "got an array"],
    ['"just a string"', "got a string"],
    ["42", "got a number"],
    ["null", "got null"],
  ])("refuses %j naming the problem", (raw, problem) => {
    const parsed = parseWebhookBody(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it("survives pathological nesting without throwing", () => {
    const deep = `{"user_id": "u", "message": "m", "x": ${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    expect(() => parseWebhookBody(deep)).not.toThrow();
  });
});
