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
    "C:\\path\\q and a lone \\ backslash",
    "line one\nline two\n\nline four",
    "tab\there",
    "emoji 👋🏽 and family 👨‍👩‍👧 and flag 🇧🇷",
    'trailing quote"',
    '"quoted", then more',
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

  it("does not let a message inject a second user_id: the forged field is ignored and reported", () => {
    const parsed = parseWebhookBody(
      guideBody({ user_id: "real-user", phone_number: "+14155550100", message: 'hello", "user_id": "victim' }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      fields: { user_id: "real-user", message: "hello" },
      ignored: ["user_id"],
    });
  });

  it("does not let an injected escaped marker switch to trusted JSON", () => {
    const message = '", "escaped": true, "user_id": "victim';
    const parsed = parseWebhookBody(guideBody({ user_id: "real-user", message }));
    expect(parsed).toMatchObject({ ok: true, mode: "template", fields: { user_id: "real-user" } });
  });

  it("decodes escapes in a body that is valid JSON without the marker (json_escape'd by the operator)", () => {
    const raw = '{"user_id":"u1","message":"line one\\nline two, said \\"hi\\", caf\\u00e9"}';
    expect(fieldsOf(raw).message).toBe('line one\nline two, said "hi", café');
  });

  it("accepts that a literal \\n typed into the unescaped template becomes a newline when the body is valid JSON", () => {
    expect(fieldsOf(guideBody({ user_id: "u1", message: "C:\\new" })).message).toBe("C:\new");
  });

  it("reads an operator's fields after the message as fields, not as text", () => {
    const raw = '{"user_id":"u1","phone_number":"+14155550100","message":"STOP","source":"whatsapp"}';
    expect(fieldsOf(raw).message).toBe("STOP");
    const unescaped = '{"user_id":"u1","message":"say "hi"","source":"whatsapp","braze_id":"b-1"}';
    expect(parseWebhookBody(unescaped)).toMatchObject({
      ok: true,
      fields: { user_id: "u1", message: 'say "hi"' },
      ignored: ["braze_id"],
    });
  });

  it("ignores identity, routing, media, timing and dedupe fields after the first free-text value", () => {
    const raw =
      '{"user_id":"u1","message":"hi","phone_number":"+1","braze_id":"b","profile":{},"language":"fr","media_urls":[],"sent_at":1,"message_id":"m"}';
    const parsed = parseWebhookBody(raw);
    expect(parsed).toMatchObject({ ok: true, mode: "json", fields: { user_id: "u1", message: "hi" } });
    if (parsed.ok)
      expect(parsed.ignored.sort()).toEqual([
        "braze_id",
        "language",
        "media_urls",
        "message_id",
        "phone_number",
        "profile",
        "sent_at",
      ]);
  });

  it("keeps the first of a repeated field before the message, and reports it", () => {
    const parsed = parseWebhookBody('{"user_id":"first","user_id":"second","message":"hi"}');
    expect(parsed).toMatchObject({ ok: true, fields: { user_id: "first" }, repeated: ["user_id"] });
  });

  it("ignores a profile_name typed after the message, as it would a protected field", () => {
    const raw = '{"user_id": "u1", "message": "", "profile_name": "CEO of Braze"}';
    expect(parseWebhookBody(raw)).toMatchObject({ ok: true, fields: { message: "" }, ignored: ["profile_name"] });
    const before = '{"user_id": "u1", "profile_name": "Ana", "message": "hi"}';
    expect(parseWebhookBody(before)).toMatchObject({ ok: true, fields: { profile_name: "Ana", message: "hi" } });
  });

  it("keeps escapes as typed when the body is not valid JSON (only valid JSON is decoded)", () => {
    const raw = '{"user_id": "u1", "profile_name": "Ana "Nana" Lima", "message": "file is in C:\\new\\temp"}';
    expect(fieldsOf(raw).message).toBe("file is in C:\\new\\temp");
  });

  it("does not let pasted JSON swallow the rest of the message", () => {
    for (const message of ['json: {"x": "1", "y": "2"} thanks!', 'size "M", "color": "blue" please']) {
      expect(fieldsOf(guideBody({ user_id: "u1", message })).message).toBe(message);
    }
  });

  it("refuses a body no reading fits (cut off), naming the problem", () => {
    const parsed = parseWebhookBody('{"user_id":"u1","message":"hello there');
    expect(parsed).toMatchObject({ ok: false, problem: expect.stringContaining("not JSON") });
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
