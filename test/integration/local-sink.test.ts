// BRAZE_REST_ENDPOINT=local records replies instead of calling Braze, and refuses to run off a local host.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { TEST_BINDINGS } from "../bindings";
import { recommendedBody } from "../helpers/webhook";

const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };
const post = (host: string) =>
  app.request(
    `${host}/webhooks/whatsapp`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_BINDINGS.WEBHOOK_TOKEN}` },
      body: recommendedBody({ user_id: "sink-user", message: "hi" }),
    },
    localEnv,
  );

describe("the local Braze sink", () => {
  it("refuses to take webhooks on a public host, with a 500 so Braze keeps them", async () => {
    const response = await post("https://my-worker.example.workers.dev");
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "misconfigured" } });
  });

  it("hides its recordings on a public host and shows them on localhost", async () => {
    const publicHost = await app.request("https://my-worker.example.workers.dev/local/braze/sends", {}, localEnv);
    expect(publicHost.status).toBe(404);
    const local = await app.request("http://localhost:8787/local/braze/sends", {}, localEnv);
    expect(local.status).toBe(200);
    expect(await local.json()).toHaveProperty("sends");
  });
});
