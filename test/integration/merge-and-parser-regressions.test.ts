// Found in a second review of the opt-out, parser and intake fixes, each reproduced before it was fixed: a merge
// started by a duplicate webhook still runs its turn, a number is handed over once even if it never wrote
// alone, and an operator's fields after the message stay fields.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../../src/conversation/conversation";
import { parseWebhookBody } from "../../src/webhook/parse-body";
import { conversation } from "../helpers/conversation";
import { guideBody, postWebhook, recommendedBody, uniquePhone, uniqueUser } from "../helpers/webhook";

async function inboundTexts(name: string): Promise<string[]> {
  return runInDurableObject(conversation(name), (_i: Conversation, state) =>
    state.storage.sql
      .exec<{ text: string }>("SELECT text FROM inbound ORDER BY seq")
      .toArray()
      .map((r) => r.text),
  );
}

/** What the conversation knows of the customer: inbound messages and the model's history. */
async function knownTexts(name: string): Promise<string[]> {
  return runInDurableObject(conversation(name), (_i: Conversation, state) =>
    state.storage.sql
      .exec<{ text: string }>("SELECT text FROM inbound UNION ALL SELECT text FROM history")
      .toArray()
      .map((r) => r.text),
  );
}

describe("a merge imported by a duplicate webhook", () => {
  it("still answers the imported pending message (the alarm is armed, not just the timer row)", async () => {
    const user = uniqueUser("r1");
    const phone = uniquePhone();
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    await runInDurableObject(conversation(phoneName), (instance: Conversation) => {
      instance.deps = { ...instance.deps, config: { ...instance.deps.config, replyDebounceMs: 60_000 } };
    });
    // Unknown number: stored in the phone conversation, waiting for its (long) debounce.
    expect(
      (await postWebhook(guideBody({ phone_number: phone, message: "token-r1, a text long enough to dedupe" }))).status,
    ).toBe(202);
    // The same text again with an external_id: the ext object absorbs the phone one and answers "duplicate".
    expect(
      (
        await postWebhook(
          guideBody({ user_id: user, phone_number: phone, message: "token-r1, a text long enough to dedupe" }),
        )
      ).status,
    ).toBe(200);
    const ext = `ext:${user}`;
    await vi.waitFor(async () => expect((await conversation(ext).status()).pendingInbound).toBe(0), {
      timeout: 3000,
      interval: 50,
    });
  });
});

describe("a number that never wrote without a profile", () => {
  it("forwards a late phone-only webhook to the external_id conversation, and a second profile does not inherit it", async () => {
    const userA = uniqueUser("r2a");
    const userB = uniqueUser("r2b");
    const phone = uniquePhone();
    const phoneName = `phone:${phone.replace(/\D/g, "")}`;
    // The customer's first webhook already carries the external_id: ext:A asks phone:P, which never existed.
    expect(
      (await postWebhook(recommendedBody({ user_id: userA, phone_number: phone, message: "token-r2-first" }))).status,
    ).toBe(202);
    // A retried / reordered webhook rendered while the profile was still anonymous (Braze documents no order
    // and retries for up to 24 h): phone only. docs/delivery.md: after the move, the phone object forwards it.
    expect((await postWebhook(recommendedBody({ phone_number: phone, message: "token-r2-late" }))).status).toBe(202);
    expect.soft(await inboundTexts(`ext:${userA}`)).toContain("token-r2-late");
    expect.soft(await inboundTexts(phoneName)).not.toContain("token-r2-late");
    // A second Braze profile on the same number (shared / reassigned phone) now claims the phone conversation
    // and gets customer A's message in its context.
    await vi.waitFor(async () => expect((await conversation(phoneName).status()).pendingInbound).toBe(0));
    expect(
      (await postWebhook(recommendedBody({ user_id: userB, phone_number: phone, message: "token-r2-b" }))).status,
    ).toBe(202);
    expect.soft(await knownTexts(`ext:${userB}`)).not.toContain("token-r2-late");
  });
});

describe("the webhook body parser", () => {
  it("keeps an operator's fields after the message out of the text, in valid JSON without escaped", () => {
    const body = '{"user_id":"u1","phone_number":"","message":"hello","message_id":"d-1","sent_at":"1700000000"}';
    const parsed = parseWebhookBody(body);
    expect(parsed).toMatchObject({ ok: true, fields: { message: "hello" } });
    // After the message of a body not declared escaped, dedupe and timing fields could be typed: not used.
    expect(parsed.ok && parsed.ignored).toEqual(["message_id", "sent_at"]);
  });

  it("reads the first of a repeated top-level field, not a key nested in profile, and reports it", () => {
    const body =
      '{"escaped": true, "profile": {"user_id": "x"}, "user_id": "u1", "language": "en", "language": "fr", "message": "hi"}';
    expect(parseWebhookBody(body)).toMatchObject({
      ok: true,
      fields: { user_id: "u1", language: "en" },
      repeated: ["language"],
    });
  });
});
