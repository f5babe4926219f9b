// Issue "Webhook intake under attack", findings 1, 3, 4 and 5, through the real Worker entry: each body here
// stalled, crashed, mis-read or re-routed the old parser. Timeouts are short on purpose: the old code took
// 4.5 s for 16 lines and doubled per line, so a regression fails by timing out instead of stalling the suite.
import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { TEST_BINDINGS } from "../bindings";
import { conversation } from "../helpers/conversation";
import { postWebhook, uniquePhone, uniqueUser, WORKER_URL } from "../helpers/webhook";

/** The texts a conversation stored; none for an object that was never written to. */
async function storedTexts(name: string): Promise<string[]> {
  return runInDurableObject(conversation(name), (_instance: Conversation, state) => {
    const sql = state.storage.sql;
    if (sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'inbound'").toArray().length === 0) return [];
    return sql
      .exec<{ text: string }>("SELECT text FROM inbound ORDER BY seq")
      .toArray()
      .map((row) => row.text);
  });
}

const guide = (user: string, phone: string, message: string) =>
  `{\n  "user_id": "${user}",\n  "phone_number": "${phone}",\n  "message": "${message}"\n}`;

describe("bodies that stalled or crashed the old parser", () => {
  it('stores a message of 17 \'","kN":"\' lines at once (the old parser doubled per line: 45 s at 19)', {
    timeout: 5000,
  }, async () => {
    const user = uniqueUser("lines");
    const message = Array.from({ length: 17 }, (_, i) => `","k${i}":"`).join("\n");
    const response = await postWebhook(guide(user, uniquePhone(), message));
    expect(response.status).toBe(202);
    expect(await storedTexts(`ext:${user}`)).toHaveLength(1);
  });

  it("stores a valid body without the escaped marker and a 24-field profile after the message (heap out of memory)", {
    timeout: 5000,
  }, async () => {
    const user = uniqueUser("profile");
    const profile = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`field_${i}`, `value ${i}`]));
    const body = JSON.stringify({ user_id: user, phone_number: uniquePhone(), message: "hello", profile });
    const response = await postWebhook(body);
    expect(response.status).toBe(202);
    expect(await storedTexts(`ext:${user}`)).toEqual(["hello"]);
  });

  it("answers a valid body with 10,000 numeric fields with 202, not a stack overflow 500", {
    timeout: 5000,
  }, async () => {
    const user = uniqueUser("fields");
    const fields = Array.from({ length: 10_000 }, (_, i) => `"n${i}": ${i}`).join(", ");
    const response = await postWebhook(`{"user_id": "${user}", "message": "many fields", ${fields}}`);
    expect(response.status).toBe(202);
    expect(await storedTexts(`ext:${user}`)).toEqual(["many fields"]);
  });
});

describe("what the customer typed stays what they typed", () => {
  it("does not glue an operator's trailing field into the text, so STOP is still a STOP", async () => {
    const user = uniqueUser("trailing");
    const body = `{"user_id":"${user}","phone_number":"${uniquePhone()}","message":"STOP","source":"whatsapp"}`;
    expect((await postWebhook(body)).status).toBe(202);
    expect(await storedTexts(`ext:${user}`)).toEqual(["STOP"]);
  });

  it("decodes a json_escape'd body that lacks the escaped marker", async () => {
    const user = uniqueUser("escaped");
    const body = `{"user_id":"${user}","message":"line one\\nline two, said \\"hi\\", caf\\u00e9"}`;
    expect((await postWebhook(body)).status).toBe(202);
    expect(await storedTexts(`ext:${user}`)).toEqual(['line one\nline two, said "hi", café']);
  });
});

describe("text never changes who the message is from", () => {
  it("ignores a phone_number typed into a template that has none: the victim's conversation is untouched", async () => {
    const attacker = uniqueUser("attacker");
    const victimPhone = uniquePhone();
    const victimDigits = victimPhone.replace(/\D/g, "");
    const body = `{"user_id": "${attacker}", "message": "agent", "phone_number": "${victimPhone}"}`;
    expect((await postWebhook(body)).status).toBe(202);
    expect(await storedTexts(`ext:${attacker}`)).toEqual(["agent"]);
    expect(await storedTexts(`phone:${victimDigits}`)).toEqual([]);
  });

  it("ignores a user_id typed into a phone-only template: STOP stays with the sender's number", async () => {
    const phone = uniquePhone();
    const victim = uniqueUser("victim");
    const body = `{"phone_number": "${phone}", "message": "STOP", "user_id": "${victim}"}`;
    expect((await postWebhook(body)).status).toBe(202);
    expect(await storedTexts(`phone:${phone.replace(/\D/g, "")}`)).toEqual(["STOP"]);
    expect(await storedTexts(`ext:${victim}`)).toEqual([]);
  });

  it("refuses a body whose only identity comes after the message, saying how to fix the template", async () => {
    const response = await postWebhook(`{"message": "hi", "user_id": "${uniqueUser()}"}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("put them before message");
  });

  it("reports protected fields after the message to GET /admin/intake, for the doctor", async () => {
    const since = Date.now();
    const user = uniqueUser("order");
    const body = `{"user_id": "${user}", "message": "hi", "language": "fr", "sent_at": 1}`;
    expect((await postWebhook(body)).status).toBe(202);
    const admin = { Authorization: `Bearer ${TEST_BINDINGS.ADMIN_TOKEN}` };
    await vi.waitFor(
      async () => {
        const response = await exports.default.fetch(new Request(`${WORKER_URL}/admin/intake`, { headers: admin }));
        const notes = (await response.json()) as { protected_fields_after_message: { last_seen_at: string } | null };
        expect(Date.parse(notes.protected_fields_after_message?.last_seen_at ?? "")).toBeGreaterThanOrEqual(since);
      },
      { timeout: 8000, interval: 20 },
    );
  });
});
