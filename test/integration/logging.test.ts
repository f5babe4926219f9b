// What reaches `wrangler tail`: one JSON event per line, no phone number, no message text, no secret.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TEST_BINDINGS } from "../bindings";
import { echoModel, useModel, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { guideBody, postWebhook, uniqueUser } from "../helpers/webhook";

afterEach(() => vi.restoreAllMocks());

describe("logs", () => {
  it("are JSON lines without phone numbers, message text or secrets, even when Braze fails", async () => {
    const lines: string[] = [];
    for (const method of ["log", "warn", "error", "info"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    const user = uniqueUser();
    // The echo model answers every message (the offline brain would hand the first one off, and a person would
    // then hold the second), and puts the message text into the reply: it must reach Braze, never the logs.
    await useModel(`ext:${user}`, echoModel());
    const phone = "+14155550199";
    const secretText = "my card number is 4111 1111 1111 1111 and I live at 1 Secret Street";
    fakeBraze.willRespond(
      { status: 401, body: { message: `bad key ${TEST_BINDINGS.BRAZE_API_KEY}` } },
      { status: 500 },
    );
    await postWebhook(guideBody({ user_id: user, phone_number: phone, message: secretText }));
    await postWebhook("not json", {});
    await postWebhook(guideBody({ user_id: user, phone_number: phone, message: "delivery?" }));
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);

    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join("\n");
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(all).not.toContain("4155550199");
    expect(all).not.toContain("Secret Street");
    expect(all).not.toContain("4111");
    for (const secret of [TEST_BINDINGS.BRAZE_API_KEY, TEST_BINDINGS.WEBHOOK_TOKEN, TEST_BINDINGS.LOG_HMAC_KEY]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain(user); // customers appear as HMAC ids only
    expect(all).toMatch(/"customer":"c_[0-9a-f]{16}"/);
  });
});
