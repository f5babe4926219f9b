// Numbers Braze does not know yet: answered through Braze's "phone" alias, and carried over, not split,
// when the same number later arrives with an external_id.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { ChatModel } from "../../src/ai/model";
import type { Conversation } from "../../src/conversation/conversation";
import { conversation, echoModel, useModel, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { guideBody, postWebhook, recommendedBody, uniquePhone, uniqueUser } from "../helpers/webhook";

describe("unknown numbers", () => {
  it("answers a number with no external_id through its phone alias", async () => {
    const phone = uniquePhone();
    const response = await postWebhook(
      guideBody({ user_id: "", phone_number: phone, message: "What are your opening hours?" }),
    );
    expect(response.status).toBe(202);
    await vi.waitFor(() => expect(fakeBraze.triggerSends((s) => s.delivered)).not.toHaveLength(0));
    const sends = fakeBraze.triggerSends((s) => JSON.stringify(s.recipient).includes(phone));
    expect(sends).toHaveLength(1);
    expect(sends[0]?.recipient).toEqual({ user_alias: { alias_label: "phone", alias_name: phone } });
    expect(sends[0]?.text).toContain("Monday–Friday 9:00–18:00");
  });

  it("carries the conversation over when the number arrives with an external_id", async () => {
    const phone = uniquePhone();
    const user = uniqueUser();
    const digits = phone.replace(/\D/g, "");
    const stalled: ChatModel = {
      name: "stalled",
      async decide() {
        throw new Error("model down");
      },
    };
    await useModel(`phone:${digits}`, stalled);
    // Over 24 characters, so that its replay below is recognised without a message id (docs/delivery.md).
    const first = guideBody({ user_id: "", phone_number: phone, message: "first-token of a long question" });
    expect((await postWebhook(first)).status).toBe(202);
    await vi.waitFor(async () => expect((await conversation(`phone:${digits}`).status()).pendingInbound).toBe(1));

    const echo = echoModel();
    await useModel(`ext:${user}`, echo);
    expect(
      (await postWebhook(recommendedBody({ user_id: user, phone_number: phone, message: "second-token" }))).status,
    ).toBe(202);
    const [send] = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(send?.text).toBe("echo: first-token of a long question | second-token");
    expect(fakeBraze.triggerSends((s) => JSON.stringify(s.recipient).includes(phone))).toHaveLength(0);

    // The phone-keyed object forwards from now on; a Braze retry of the first webhook is still a duplicate.
    const replay = await postWebhook(first);
    expect(await replay.json()).toMatchObject({ status: "duplicate" });
    const movedTo = await runInDurableObject(
      conversation(`phone:${digits}`),
      (_i: Conversation, state) =>
        state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'moved_to'").one().value,
    );
    expect(movedTo).toBe(`ext:${user}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
  });

  it("never hands one number's conversation to a second profile that shares the phone", async () => {
    const phone = uniquePhone();
    const [first, second] = [uniqueUser("first"), uniqueUser("second")];
    const digits = phone.replace(/\D/g, "");
    await useModel(`phone:${digits}`, { name: "down", decide: () => Promise.reject(new Error("down")) });
    await postWebhook(guideBody({ user_id: "", phone_number: phone, message: "private-token" }));
    await vi.waitFor(async () => expect((await conversation(`phone:${digits}`).status()).pendingInbound).toBe(1));

    for (const user of [first, second]) {
      await useModel(`ext:${user}`, echoModel());
      await postWebhook(recommendedBody({ user_id: user, phone_number: phone, message: `hello from ${user}` }));
      await waitForSends(user, 1);
      await waitUntilSettled(`ext:${user}`);
    }
    expect(fakeBraze.sendsTo(first).map((s) => s.text)).toEqual([`echo: private-token | hello from ${first}`]);
    expect(fakeBraze.sendsTo(second).map((s) => s.text)).toEqual([`echo: hello from ${second}`]);
  });
});
