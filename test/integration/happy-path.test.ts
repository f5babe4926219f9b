import { describe, expect, it } from "vitest";
import { TEST_BINDINGS } from "../bindings";
import { waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { postWebhook, recommendedBody, uniqueUser } from "../helpers/webhook";

describe("one webhook", () => {
  it("leads to exactly one trigger/send with the right campaign, recipient and text", async () => {
    const user = uniqueUser();
    const response = await postWebhook(
      recommendedBody({ user_id: user, phone_number: "+14155550100", message: "How long does delivery take?" }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "accepted" });

    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect(send?.campaignId).toBe(TEST_BINDINGS.BRAZE_REPLY_CAMPAIGN_ID);
    expect(send?.recipient).toEqual({ external_user_id: user });
    expect(send?.text).toContain("EU: 2–4 working days");
    expect(fakeBraze.calls[0]?.authorization).toBe(`Bearer ${TEST_BINDINGS.BRAZE_API_KEY}`);
  });
});
