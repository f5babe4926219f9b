// The secret rules through the real app: a weak or reused optional token signs nothing in, while a weak
// WEBHOOK_TOKEN keeps the deployment answering Braze (never a 5xx because of a secret's strength).
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { TEST_BINDINGS } from "../bindings";
import { ALICE, BOB } from "../helpers/agents";
import { waitUntilSettled } from "../helpers/conversation";
import { recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

const customers: string[] = [];

async function send(bindings: object, path: string, token: string, method = "GET"): Promise<Response> {
  const user = uniqueUser("secret");
  const body = method === "POST" ? recommendedBody({ user_id: user, message: "hello" }) : undefined;
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const response = await app.request(`${WORKER_URL}${path}`, { method, headers, body }, bindings);
  if (response.status === 202) customers.push(user);
  return response;
}

// An accepted webhook is answered in the background: let it finish before the next test.
afterEach(async () => {
  for (const user of customers.splice(0)) await waitUntilSettled(`ext:${user}`);
});

describe("weak or reused optional tokens", () => {
  it("WEBHOOK_TOKEN_PREVIOUS=x does not make `Bearer x` a Braze token; WEBHOOK_TOKEN still works", async () => {
    const bindings = { ...env, WEBHOOK_TOKEN_PREVIOUS: "x" };
    expect((await send(bindings, "/webhooks/whatsapp", "x", "POST")).status).toBe(401);
    expect((await send(bindings, "/webhooks/whatsapp", TEST_BINDINGS.WEBHOOK_TOKEN, "POST")).status).toBe(202);
  });

  it("an ADMIN_TOKEN equal to the webhook token opens no admin API (403 admin_disabled), webhooks unaffected", async () => {
    const bindings = { ...env, ADMIN_TOKEN: TEST_BINDINGS.WEBHOOK_TOKEN };
    const admin = await send(bindings, "/admin/dead-letters", TEST_BINDINGS.WEBHOOK_TOKEN);
    expect(admin.status).toBe(403);
    expect(await admin.text()).toContain('"code":"admin_disabled"');
    expect((await send(bindings, "/webhooks/whatsapp", TEST_BINDINGS.WEBHOOK_TOKEN, "POST")).status).toBe(202);
  });

  it("an agent whose token is the webhook token cannot sign in; the other agent can", async () => {
    const bindings = {
      ...env,
      AGENT_TOKENS: `${ALICE.id}:${TEST_BINDINGS.WEBHOOK_TOKEN},${BOB.id}:${BOB.token}`,
    };
    expect((await send(bindings, "/agent/api/me", TEST_BINDINGS.WEBHOOK_TOKEN)).status).toBe(401);
    const bob = await send(bindings, "/agent/api/me", BOB.token);
    expect(bob.status).toBe(200);
    expect(await bob.json()).toMatchObject({ agent: { id: BOB.id } });
  });

  it("a short agent token no longer takes the whole Worker down: webhooks answered, that agent refused", async () => {
    const bindings = { ...env, AGENT_TOKENS: `${ALICE.id}:short,${BOB.id}:${BOB.token}` };
    expect((await send(bindings, "/webhooks/whatsapp", TEST_BINDINGS.WEBHOOK_TOKEN, "POST")).status).toBe(202);
    expect((await send(bindings, "/agent/api/me", "short")).status).toBe(401);
    expect((await send(bindings, "/agent/api/me", BOB.token)).status).toBe(200);
  });
});

describe("a weak WEBHOOK_TOKEN", () => {
  it("keeps the deployment answering Braze (202) and /health ok, never a 5xx", async () => {
    const bindings = { ...env, WEBHOOK_TOKEN: "braze-hook" };
    expect((await send(bindings, "/webhooks/whatsapp", "braze-hook", "POST")).status).toBe(202);
    const health = await app.request(`${WORKER_URL}/health`, {}, bindings);
    expect(health.status).toBe(200);
    expect(await health.text()).not.toContain("braze-hook");
  });
});
