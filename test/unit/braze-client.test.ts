import { describe, expect, it } from "vitest";
import { BrazeClient, restTransport } from "../../src/braze/client";
import { BrazeError } from "../../src/braze/errors";
import { TEST_BINDINGS } from "../bindings";
import { fakeBraze } from "../helpers/fake-braze";

const client = () =>
  new BrazeClient(restTransport(TEST_BINDINGS.BRAZE_REST_ENDPOINT, TEST_BINDINGS.BRAZE_API_KEY), 1000, [
    TEST_BINDINGS.BRAZE_API_KEY,
  ]);

describe("BrazeClient", () => {
  it("writes custom attributes and events to /users/track for an external_id or a phone alias", async () => {
    await client().trackUser(
      { externalUserId: "u1" },
      { attributes: { ai_chat_status: "bot" }, events: [{ name: "ai_handoff" }] },
    );
    await client().trackUser({ phoneAlias: "+14155550100" }, { attributes: { ai_language: "es" } });
    const [first, second] = fakeBraze.calls;
    expect(first?.path).toBe("/users/track");
    expect(first?.body).toMatchObject({
      attributes: [{ external_id: "u1", ai_chat_status: "bot" }],
      events: [{ external_id: "u1", name: "ai_handoff" }],
    });
    expect(second?.body).toMatchObject({
      attributes: [{ user_alias: { alias_label: "phone", alias_name: "+14155550100" }, ai_language: "es" }],
    });
  });

  it("sets a subscription state through /v2/subscription/status/set, by external_id or by E.164 phone", async () => {
    await client().setSubscription("group-1", "unsubscribed", { externalUserId: "u1" });
    await client().setSubscription("group-1", "subscribed", { phoneAlias: "14155550100" });
    expect(fakeBraze.calls[0]).toMatchObject({
      path: "/v2/subscription/status/set",
      body: {
        subscription_groups: [
          { subscription_group_id: "group-1", subscription_state: "unsubscribed", external_ids: ["u1"] },
        ],
      },
    });
    expect(fakeBraze.calls[1]?.body).toEqual({
      subscription_groups: [
        { subscription_group_id: "group-1", subscription_state: "subscribed", phones: ["+14155550100"] },
      ],
    });
  });

  it("classifies failures and keeps the API key out of the error", async () => {
    fakeBraze.willRespond({
      status: 403,
      body: { message: `Access Denied for ${TEST_BINDINGS.BRAZE_API_KEY} 555-0100` },
    });
    const error = await client()
      .triggerSend({ campaignId: "c", recipient: { externalUserId: "u" }, text: "hi" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeError);
    expect(error).toMatchObject({ kind: "permanent", status: 403 });
    expect((error as BrazeError).summary).not.toContain(TEST_BINDINGS.BRAZE_API_KEY);
    expect((error as BrazeError).summary).not.toMatch(/\d{3}-\d{4}/);
  });
});
