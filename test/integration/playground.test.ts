// GET /playground: the local chat page exists only with the local Braze sink on a loopback host, carries the
// webhook token only there, and is locked down by its Content-Security-Policy.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { jsonForScript } from "../../src/html/document";
import { playgroundPage } from "../../src/playground/page";
import { TEST_BINDINGS } from "../bindings";

const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };
const getPage = (url: string, bindings: object = localEnv) => app.request(url, {}, bindings);

describe("the playground page", () => {
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

  it("serves one self-contained HTML page on localhost and 127.0.0.1 with the local sink", async () => {
    for (const host of ["http://localhost:8787", "http://127.0.0.1:8787"]) {
      const response = await getPage(`${host}/playground`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      const html = await response.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain("You are the customer.");
      // No external assets: nothing is loaded from any other origin.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("allows only its own nonce-tagged inline script and style, and fetches only from its own origin", async () => {
    const response = await getPage("http://localhost:8787/playground");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'nonce-${nonce}'`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    const again = await getPage("http://localhost:8787/playground");
    expect(again.headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("carries the webhook token and posts the README's recommended body to the webhook", async () => {
    const html = await (await getPage("http://localhost:8787/playground")).text();
    const config = /<script type="application\/json" id="playground-config">(.*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(config ?? "null")).toEqual({
      token: TEST_BINDINGS.WEBHOOK_TOKEN,
      webhookPath: "/webhooks/whatsapp",
      sendsPath: "/local/braze/sends",
    });
    expect(html).toContain('"Bearer " + config.token');
    expect(html).toContain('config.sendsPath + "?after=" + lastId');
    const body = /function webhookBody\(c, text\) \{([\s\S]*?)\n {2}\}/.exec(html)?.[1] ?? "";
    const fields = [...body.matchAll(/^ {6}(\w+):/gm)].map((m) => m[1]);
    expect(fields).toEqual([
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
    expect(body).toContain("escaped: true");
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
