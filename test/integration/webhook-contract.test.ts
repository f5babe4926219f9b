// The public contract of POST /webhooks/whatsapp, row by row (README "Webhook status codes").
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BYTES } from "../../src/routes/webhook";
import { TEST_BINDINGS } from "../bindings";
import { echoModel, useModel, waitForSends, waitUntilSettled } from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { guideBody, postWebhook, recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

describe("authentication", () => {
  it("answers 401 without a token and with a wrong one, in the error envelope", async () => {
    const body = recommendedBody({ user_id: uniqueUser(), message: "hi" });
    for (const token of [null, "wrong-token-wrong-token"]) {
      const response = await postWebhook(body, { token });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: "unauthorized", message: "missing or wrong bearer token" },
      });
    }
    expect(fakeBraze.attempts).toBe(0);
  });

  it("accepts the previous token during a rotation", async () => {
    const user = uniqueUser();
    const response = await postWebhook(recommendedBody({ user_id: user, message: "hi" }), {
      token: TEST_BINDINGS.WEBHOOK_TOKEN_PREVIOUS,
    });
    expect(response.status).toBe(202);
    await waitForSends(user, 1);
  });
});

describe("bodies that can never be answered", () => {
  it.each([
    ["not JSON at all", "hello there", "body is not JSON"],
    ["an empty body", "", "body is empty"],
    ["a JSON array", '[{"user_id":"u"}]', "got an array"],
  ])("answers 400 for %s, naming the problem", async (_, body, problem) => {
    const response = await postWebhook(body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("invalid_payload");
    expect(json.error.message).toContain(problem);
  });

  it("answers 400 naming the field when there is no user_id and no phone", async () => {
    const response = await postWebhook(guideBody({ user_id: "", phone_number: "", message: "hello" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_payload", field: "phone_number" } });
  });
});

describe("bodies that are answered", () => {
  it("recovers the exact text of the guide's unescaped template with quotes, backslashes, newline, tab and emoji", async () => {
    const user = uniqueUser();
    const text = 'He said "where is it?" \\ C:\\new\nsecond line\tafter tab 📦👍🏽';
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    const response = await postWebhook(guideBody({ user_id: user, phone_number: "+14155550101", message: text }));
    expect(response.status).toBe(202);
    const [send] = await waitForSends(user, 1);
    expect(model.inputs[0]?.messages).toEqual([text]);
    expect(send?.text).toBe(`echo: ${text}`);
  });

  it.each([["text/plain"], [null]])("processes a valid body sent with Content-Type %s", async (contentType) => {
    const user = uniqueUser();
    const response = await postWebhook(
      recommendedBody({ user_id: user, message: "What payment methods do you accept?" }),
      { contentType },
    );
    expect(response.status).toBe(202);
    const [send] = await waitForSends(user, 1);
    expect(send?.text).toContain("Visa");
  });

  it("answers a media-only message with one fixed reply in the customer's language, without the model", async () => {
    const user = uniqueUser();
    const model = echoModel();
    await useModel(`ext:${user}`, model);
    const response = await postWebhook(
      recommendedBody({ user_id: user, message: "", media_urls: ["https://media.braze.test/1.jpg"], language: "es" }),
    );
    expect(response.status).toBe(202);
    const sends = await waitForSends(user, 1);
    await waitUntilSettled(`ext:${user}`);
    expect(fakeBraze.sendsTo(user)).toHaveLength(1);
    expect(sends[0]?.text).toBe("¡Gracias! Por ahora solo puedo leer texto. ¿Puedes escribir tu pregunta?");
    expect(model.inputs).toHaveLength(0);
  });
});

describe("sizes, methods and paths", () => {
  it("answers 413 above the documented limit and accepts a large real message", async () => {
    const huge = recommendedBody({ user_id: uniqueUser(), message: "x".repeat(MAX_WEBHOOK_BYTES) });
    expect((await postWebhook(huge)).status).toBe(413);
    const user = uniqueUser();
    const longest = recommendedBody({ user_id: user, message: '"é👍'.repeat(1365) });
    expect((await postWebhook(longest)).status).toBe(202);
    await waitForSends(user, 1);
  });

  it("answers 405 for GET on the webhook and 404 for an unknown path, in the envelope", async () => {
    const get = await exports.default.fetch(new Request(`${WORKER_URL}/webhooks/whatsapp`));
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    expect(await get.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const unknown = await exports.default.fetch(new Request(`${WORKER_URL}/nope`));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "not_found", message: "no such route" } });
  });

  it("reports health", async () => {
    const response = await exports.default.fetch(new Request(`${WORKER_URL}/health`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", braze: "rest", ai_provider: "offline" });
  });
});
