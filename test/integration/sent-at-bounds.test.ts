// An absurd `sent_at` (the operator's template, or a customer's forged field) must not close WhatsApp's 24-hour
// window: before the bound, "sent_at": -1e20 parked the reply until the customer wrote again.
import { describe, expect, it } from "vitest";
import { outboxRows, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { postWebhook, uniqueUser } from "../helpers/webhook";

describe("sent_at bounds", () => {
  it.each([
    ["-1e20", -1e20],
    ["zero", 0],
    ["49 hours old", Math.floor(Date.now() / 1000) - 49 * 3600],
    ["a year ahead", Math.floor(Date.now() / 1000) + 365 * 24 * 3600],
  ])("answers a message whose sent_at is %s as if it had none", async (_label, sentAt) => {
    const user = uniqueUser("sentat");
    const body = JSON.stringify({ escaped: true, user_id: user, message: "Where is my order?", sent_at: sentAt });
    expect((await postWebhook(body)).status).toBe(202);
    await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect((await outboxRows(`ext:${user}`)).map((r) => r.state)).toEqual(["sent"]);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });
});
