// GET /playground: the local chat page exists only with the local Braze sink on a loopback host, carries the
// webhook token only there, and is locked down by its Content-Security-Policy; so does its script, the static
// asset /assets/playground.js, which the Worker serves only where it serves the page.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { jsonForScript } from "../../src/html/document";
import { webhookBody } from "../../src/playground/client/webhook-body";
import { postWebhook, readSinkPage } from "../../src/playground/client/worker-calls";
import { PLAYGROUND_SCRIPT_PATH, playgroundPage } from "../../src/playground/page";
import { TEST_BINDINGS } from "../bindings";

const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };
const getPage = (url: string, bindings: object = localEnv) => app.request(url, {}, bindings);

describe("the playground page", () => {
  afterEach(() => vi.restoreAllMocks());

  it("does not exist on a public host, even with the local sink", async () => {
    const response = await getPage("https://my-worker.example.workers.dev/playground");
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toContain(TEST_BINDINGS.WEBHOOK_TOKEN);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "not_found" } });
  });

  it("does not exist on localhost when a real Braze endpoint is configured, so the token never leaks", async () => {
    const response = await getPage("http://localhost:8787/playground", env);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(TEST_BINDINGS.WEBHOOK_TOKEN);
  });

  it("serves one HTML page on localhost and 127.0.0.1 with the local sink, its script from its own origin", async () => {
    for (const host of ["http://localhost:8787", "http://127.0.0.1:8787"]) {
      const response = await getPage(`${host}/playground`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      const html = await response.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain("You are the customer.");
      expect(html).toContain(`<script type="module" src="${PLAYGROUND_SCRIPT_PATH}"></script>`);
      // No external assets: nothing is loaded from any other origin.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("allows only scripts from its own origin and its own nonce-tagged style, and fetches only from its own origin", async () => {
    const response = await getPage("http://localhost:8787/playground");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    const html = await response.text();
    expect(html).toContain(`<style nonce="${nonce}">`);
    const scripts = html.match(/<script[^>]*>/g);
    expect(scripts).toEqual([
      '<script type="application/json" id="playground-config">',
      `<script type="module" src="${PLAYGROUND_SCRIPT_PATH}">`,
    ]);
    const again = await getPage("http://localhost:8787/playground");
    expect(again.headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("serves its script only where it serves the page", async () => {
    const script = await getPage(`http://localhost:8787${PLAYGROUND_SCRIPT_PATH}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("function webhookBody(");
    for (const [url, bindings] of [
      [`https://my-worker.example.workers.dev${PLAYGROUND_SCRIPT_PATH}`, localEnv],
      [`http://localhost:8787${PLAYGROUND_SCRIPT_PATH}`, env],
    ] as const) {
      const refused = await getPage(url, bindings);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("carries the webhook token and the paths its script uses", async () => {
    const html = await (await getPage("http://localhost:8787/playground")).text();
    const config = /<script type="application\/json" id="playground-config">(.*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(config ?? "null")).toEqual({
      token: TEST_BINDINGS.WEBHOOK_TOKEN,
      webhookPath: "/webhooks/whatsapp",
      sendsPath: "/local/braze/sends",
    });
  });

  it("posts the README's recommended body to the webhook with the token, and reads the sink after an id", async () => {
    const calls = vi
      .spyOn(globalThis, "fetch")
      .mockImplementation(async () => Response.json({ status: "accepted" }, { status: 202 }));
    const config = { token: "the-webhook-token", webhookPath: "/webhooks/whatsapp", sendsPath: "/local/braze/sends" };
    const customer = { userId: "demo-1", phone: "+14155550100", name: "Alex", language: "en" };
    const body = webhookBody(customer, "Where is my order?");
    expect(await postWebhook(config, body)).toEqual({ label: "202 accepted", ok: true, accepted: true });
    expect(calls).toHaveBeenLastCalledWith("/webhooks/whatsapp", {
      method: "POST",
      headers: { Authorization: "Bearer the-webhook-token", "Content-Type": "application/json" },
      body,
    });
    expect(Object.keys(JSON.parse(body))).toEqual([
      "escaped",
      "user_id",
      "phone_number",
      "braze_id",
      "message_id",
      "sent_at",
      "profile_name",
      "language",
      "media_urls",
      "message",
    ]);
    expect(JSON.parse(body)).toMatchObject({ escaped: true, user_id: "demo-1", message: "Where is my order?" });
    calls.mockImplementation(async () => Response.json({ sends: [] }));
    expect(await readSinkPage(config, 41)).toEqual([]);
    expect(calls).toHaveBeenLastCalledWith("/local/braze/sends?after=41", { cache: "no-store" });
  });

  it("never lets an injected value close its script block", () => {
    const hostile = "</script><script>alert(1)</script><!--\u2028";
    const html = playgroundPage({ token: hostile, nonce: "abc" });
    expect(html).not.toContain("<script>alert(1)");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(JSON.parse(jsonForScript(hostile))).toBe(hostile);
  });

  it("answers 405 to other methods", async () => {
    const response = await app.request("http://localhost:8787/playground", { method: "POST" }, localEnv);
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET");
  });
});
