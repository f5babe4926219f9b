// GET /agent: the inbox page is an HTML document locked down by its CSP: scripts only from its own origin (its one
// script is the static asset /assets/inbox.js, no inline script), its style by a per-response nonce, no inline
// handlers, and no HTML sinks for data in the shipped script; it is served only to a signed-in agent, or as the
// data-free sign-in form when agent tokens are configured; never on an unconfigured deploy.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { AGENT_SUBPROTOCOL } from "../../src/inbox/api-shapes";
import { agentInboxPage, INBOX_SCRIPT_PATH } from "../../src/inbox/page";

const LOCAL = "http://localhost:8787";
const PUBLIC = "https://inbox.example.workers.dev";
const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };
const ALICE_TOKEN = "alice-agent-token-0123456789";
const tokenEnv = { ...env, AGENT_TOKENS: `alice:${ALICE_TOKEN},bob:bob-agent-token-0123456789` };
const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com", ACCESS_AUD: "aud-0123456789" };
const get = (url: string, bindings: object, headers: Record<string, string> = {}) =>
  app.request(url, { headers }, bindings);

/** The page's script as the browser gets it: the built bundle, from Workers Static Assets. */
async function shippedScript(): Promise<string> {
  const response = await env.ASSETS.fetch(`${PUBLIC}${INBOX_SCRIPT_PATH}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the agent inbox page", () => {
  it("is one HTML page for the local demo agent, with its script from its own origin", async () => {
    const response = await get(`${LOCAL}/agent`, localEnv);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<h1>Agent inbox</h1>");
    expect(html).toContain(`<script type="module" src="${INBOX_SCRIPT_PATH}"></script>`);
    expect(html).not.toMatch(/(src|href|action)="(https?:)?\/\//); // nothing from another origin
  });

  it("runs only scripts from its own origin and its own nonce-tagged style, and connects only to its own origin", async () => {
    const response = await get(`${LOCAL}/agent`, localEnv);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' ws://localhost:8787;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-|\*/);
    const html = await response.text();
    expect(html).toContain(`<style nonce="${nonce}">`);
    // Two script elements: the JSON configuration (data, never run) and the static script; neither inline code.
    const scripts = html.match(/<script[^>]*>/g);
    expect(scripts).toEqual([
      '<script type="application/json" id="inbox-config">',
      `<script type="module" src="${INBOX_SCRIPT_PATH}">`,
    ]);
    const again = await get(`${LOCAL}/agent`, localEnv);
    expect(again.headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("names the secure socket scheme behind https", async () => {
    const response = await get(`${PUBLIC}/agent`, tokenEnv);
    expect(response.headers.get("Content-Security-Policy")).toContain(
      `connect-src 'self' wss://inbox.example.workers.dev;`,
    );
  });

  it("has no inline event handlers or javascript: URLs", async () => {
    const html = await (await get(`${LOCAL}/agent`, localEnv)).text();
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/\sstyle="/); // the CSP would block inline style attributes anyway
  });

  it("ships a script (a static asset) free of HTML sinks and code-from-string calls", async () => {
    const response = await env.ASSETS.fetch(`${PUBLIC}${INBOX_SCRIPT_PATH}`);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    const script = await shippedScript();
    for (const sink of [
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "new Function",
      "srcdoc",
      "createContextualFragment",
      "DOMParser",
      ".href =",
      "location.href =",
    ]) {
      expect(script, sink).not.toContain(sink);
    }
    expect(script).not.toMatch(/set(Timeout|Interval)\(\s*["'`]/);
    // The only URL change: the opaque conversation id in the fragment, never any text.
    const urlWrites = script.match(/history\.\w+State\([^;]*;/g) ?? [];
    expect(urlWrites).toHaveLength(1);
    expect(urlWrites[0]).toMatch(/^history\.replaceState\(null, "", id \? `#c=\$\{id\}` : location\.pathname\);$/);
    expect(script).toMatch(/\b(var|let|const) ID_RE = \/\^\[0-9a-f\]\{8,128\}\$\/i;/);
  });

  it("talks only to the agent API, and sends the token as the socket's subprotocol", async () => {
    const script = await shippedScript();
    const fetches = script.match(/fetch\([^,]+/g) ?? [];
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatch(/^fetch\(\w+\.apiPath \+ path$/);
    expect(script).toMatch(new RegExp(`\\b(var|let|const) AGENT_SUBPROTOCOL = "${AGENT_SUBPROTOCOL}";`));
    expect(script).toContain("new WebSocket(this.url, [AGENT_SUBPROTOCOL, token])");
    expect(script).toContain("sessionStorage.setItem(key, token)");
    expect(script).not.toContain("localStorage"); // the token lives as long as the tab, no longer
  });

  it("cannot be broken out of by a hostile nonce", () => {
    const html = agentInboxPage({ nonce: `"><script>alert(1)</script>` });
    expect(html).not.toContain("<script>alert(1)");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });
});

describe("who gets the agent inbox page", () => {
  it("refuses an unconfigured public deploy (503), never serving the page", async () => {
    const response = await get(`${PUBLIC}/agent`, env);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "agent_inbox_not_configured" } });
  });

  it("does not give the local demo agent to localhost when a real Braze endpoint is configured", async () => {
    const response = await get(`${LOCAL}/agent`, env);
    expect(response.status).toBe(503);
    const me = await get(`${LOCAL}/agent/api/me`, env);
    expect(me.status).toBe(503);
  });

  it("with agent tokens, serves the sign-in form without a credential while the API needs the token", async () => {
    const page = await get(`${PUBLIC}/agent`, tokenEnv);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="signin"');
    expect(html).not.toContain(ALICE_TOKEN);
    expect((await get(`${PUBLIC}/agent/api/me`, tokenEnv)).status).toBe(401);
    const wrong = await get(`${PUBLIC}/agent/api/me`, tokenEnv, { Authorization: "Bearer not-a-token-0123456789" });
    expect(wrong.status).toBe(401);
    const me = await get(`${PUBLIC}/agent/api/me`, tokenEnv, { Authorization: `Bearer ${ALICE_TOKEN}` });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ agent: { id: "alice", name: "alice" }, auth: "token" });
  });

  it("behind Cloudflare Access alone, refuses a request without the Access JWT", async () => {
    const response = await get(`${PUBLIC}/agent`, accessEnv);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("<html");
  });

  it("answers 405 to other methods", async () => {
    const response = await app.request(`${LOCAL}/agent`, { method: "POST" }, localEnv);
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET");
  });
});
