// Who reaches the agent inbox's API and WebSocket: every route refuses no credential and a wrong one (401),
// accepts an agent token (Bearer, or the WebSocket subprotocol) and a valid Cloudflare Access JWT (checked
// against a locally generated key pair served as a fake team key set), refuses a JWT that is forged, expired,
// for another audience or another issuer; an unconfigured public deploy is closed (503); the local demo agent
// exists only with the local sink on a loopback host. Plus the live socket: hello, ping/pong, changed events.
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { ALICE, act, agentCall, agentEnv, BOB, conversationId, openLive, view, waitForStatus } from "../helpers/agents";
import { conversation, say } from "../helpers/conversation";
import { uniqueUser, WORKER_URL } from "../helpers/webhook";
import { server } from "../setup";

const TEAM = "braze-test.cloudflareaccess.com";
const AUD = "inbox-audience-0123456789";
const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
const unconfiguredEnv = { ...env };
const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };

const keys = await generateKeyPair("RS256", { extractable: true });
const forger = await generateKeyPair("RS256", { extractable: true });
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: "access-key-1", alg: "RS256", use: "sig" };

async function accessJwt(
  claims: { aud?: string; iss?: string; email?: string; expiresIn?: string } = {},
  signingKey = keys.privateKey,
): Promise<string> {
  return new SignJWT({ email: claims.email ?? "carol@example.com", type: "app" })
    .setProtectedHeader({ alg: "RS256", kid: "access-key-1" })
    .setIssuer(claims.iss ?? `https://${TEAM}`)
    .setAudience(claims.aud ?? AUD)
    .setSubject("user-123")
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? "5m")
    .sign(signingKey);
}

let keyRequests = 0;
beforeEach(() => {
  server.use(
    http.get(`https://${TEAM}/cdn-cgi/access/certs`, () => {
      keyRequests++;
      return HttpResponse.json({ keys: [publicJwk] });
    }),
  );
});

/** Every API route of the contract, with an id that exists (a waiting conversation named `name`). */
async function apiRoutes(): Promise<{ name: string; routes: { method: string; path: string }[] }> {
  const user = uniqueUser("auth");
  const name = `ext:${user}`;
  await say(user, "agent");
  await waitForStatus(name, "waiting");
  const id = conversationId(name);
  const routes = [
    { method: "GET", path: "/agent/api/me" },
    { method: "GET", path: "/agent/api/conversations" },
    { method: "GET", path: `/agent/api/conversations/${id}` },
    { method: "POST", path: `/agent/api/conversations/${id}/claim` },
    { method: "POST", path: `/agent/api/conversations/${id}/reply` },
    { method: "POST", path: `/agent/api/conversations/${id}/release` },
    { method: "POST", path: `/agent/api/conversations/${id}/close` },
    { method: "GET", path: "/agent/api/live" },
  ];
  return { name, routes };
}

const request = (method: string, path: string, headers: Record<string, string>, bindings: object) =>
  app.request(`${WORKER_URL}${path}`, { method, headers }, bindings);

describe("agent tokens", () => {
  it("every API route and the WebSocket refuse no token, a wrong token and the webhook/admin tokens (401)", async () => {
    const { name, routes } = await apiRoutes();
    for (const { method, path } of routes) {
      for (const authorization of [
        undefined,
        "Bearer wrong-token-0123456789abc",
        `Bearer ${env.WEBHOOK_TOKEN}`,
        `Bearer ${env.ADMIN_TOKEN}`,
      ]) {
        const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
        const response = await request(method, path, headers, agentEnv);
        expect(response.status, `${method} ${path}`).toBe(401);
        const text = await response.text();
        expect(text).toContain('"code":"unauthorized"');
        expect(text).not.toContain(ALICE.token);
      }
    }
    const socket = await request(
      "GET",
      "/agent/api/live",
      { Upgrade: "websocket", "Sec-WebSocket-Protocol": "braze-agent, nope-0123456789abcdef" },
      agentEnv,
    );
    expect(socket.status).toBe(401);
    // Nothing the refused calls asked for happened.
    const after = await conversation(name).agentView();
    expect(after?.conversation).toMatchObject({ status: "waiting", claimedBy: null });
    expect(after?.transcript.some((m) => m.role === "agent")).toBe(false);
  });

  it("a valid token signs the agent in by its id", async () => {
    const me = await agentCall("/agent/api/me", { agent: BOB });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ agent: { id: "bob", name: "bob" }, auth: "token" });
    expect((await agentCall("/agent/api/conversations")).status).toBe(200);
  });

  it("a malformed AGENT_TOKENS is a configuration error that never echoes the secret", async () => {
    // (A weak token is not malformed: it is ignored with a warning, see secret-rules.test.ts.)
    const bad = { ...env, AGENT_TOKENS: "al ice:secret-value-0123456789" };
    const response = await request("GET", "/agent/api/me", { Authorization: "Bearer secret-value-0123456789" }, bad);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("AGENT_TOKENS");
    expect(text).not.toContain("secret-value");
  });
});

describe("Cloudflare Access", () => {
  it("accepts a valid Access JWT and names the agent by email", async () => {
    const response = await request("GET", "/agent/api/me", { "Cf-Access-Jwt-Assertion": await accessJwt() }, accessEnv);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      agent: { id: "carol@example.com", name: "carol@example.com" },
      auth: "access",
    });
    expect(keyRequests).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["a wrong audience", () => accessJwt({ aud: "another-application" })],
    ["another issuer", () => accessJwt({ iss: "https://evil.cloudflareaccess.com" })],
    ["an expired token", () => accessJwt({ expiresIn: "-1m" })],
    ["a forged signature", () => accessJwt({}, forger.privateKey)],
    ["garbage", async () => "not.a.jwt"],
  ])("refuses %s (401)", async (_case, token) => {
    const response = await request(
      "GET",
      "/agent/api/conversations",
      { "Cf-Access-Jwt-Assertion": await token() },
      accessEnv,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("refuses a request without the JWT, and a Bearer token when only Access is configured", async () => {
    expect((await request("GET", "/agent/api/me", {}, accessEnv)).status).toBe(401);
    expect((await request("GET", "/agent/api/me", { Authorization: `Bearer ${ALICE.token}` }, accessEnv)).status).toBe(
      401,
    );
  });

  it("answers 503 (not 401) when the team's key set cannot be fetched", async () => {
    server.use(http.get(`https://${TEAM}/cdn-cgi/access/certs`, () => HttpResponse.error()));
    const otherTeamEnv = { ...env, ACCESS_TEAM_DOMAIN: "down-team.cloudflareaccess.com", ACCESS_AUD: AUD };
    server.use(http.get("https://down-team.cloudflareaccess.com/cdn-cgi/access/certs", () => HttpResponse.error()));
    const response = await request(
      "GET",
      "/agent/api/me",
      { "Cf-Access-Jwt-Assertion": await accessJwt() },
      otherTeamEnv,
    );
    expect(response.status).toBe(503);
  });
});

describe("no sign-in configured", () => {
  it("closes every inbox route on a public deploy (503), even to the local demo agent's absence of a credential", async () => {
    for (const { method, path } of (await apiRoutes()).routes) {
      const response = await request(method, path, {}, unconfiguredEnv);
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "agent_inbox_not_configured" } });
    }
  });

  it("signs in the demo agent only with the local sink on a loopback host", async () => {
    const local = await app.request("http://localhost:8787/agent/api/me", {}, localEnv);
    expect(local.status).toBe(200);
    expect(await local.json()).toEqual({ agent: { id: "demo-agent", name: "Demo agent" }, auth: "local" });
    const publicHost = await app.request("https://inbox.example.com/agent/api/me", {}, localEnv);
    expect(publicHost.status).toBe(503);
  });
});

describe("requests from another site (an Access agent's browser sends its cookie by itself)", () => {
  it("refuses a claim and the live socket whose Origin is another site (403), accepts the inbox's own origin", async () => {
    const { name, routes } = await apiRoutes();
    const claim = routes.find((r) => r.path.endsWith("/claim"))?.path ?? "";
    const foreign = { Origin: "https://attacker.example" };
    expect((await agentCall(claim, { method: "POST", headers: foreign })).status).toBe(403);
    const socket = await agentCall("/agent/api/live", { headers: { ...foreign, Upgrade: "websocket" } });
    expect(socket.status).toBe(403);
    expect((await agentCall("/agent/api/conversations", { headers: foreign })).status).toBe(200); // a read
    expect((await view(name)).conversation.status).toBe("waiting");
    const own = { Origin: new URL(WORKER_URL).origin };
    expect((await agentCall(claim, { method: "POST", headers: own })).status).toBe(200);
  });
});

describe("the live WebSocket", () => {
  it("says hello with the agent, answers ping with pong and echoes the braze-agent subprotocol", async () => {
    const response = await agentCall("/agent/api/live", {
      agent: null,
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `braze-agent, ${ALICE.token}` },
    });
    expect(response.status).toBe(101);
    expect(response.headers.get("Sec-WebSocket-Protocol")).toBe("braze-agent");
    response.webSocket?.accept();
    response.webSocket?.close();
    const { socket, frames } = await openLive(ALICE);
    try {
      await vi.waitFor(() => expect(frames[0]).toBeDefined());
      expect(JSON.parse(frames[0] ?? "")).toEqual({ type: "hello", agent: { id: "alice", name: "alice" } });
      socket.send("ping");
      await vi.waitFor(() => expect(frames).toContain("pong"));
    } finally {
      socket.close();
    }
  });

  it("refuses a plain GET (426) after signing in", async () => {
    const response = await agentCall("/agent/api/live");
    expect(response.status).toBe(426);
  });

  it("broadcasts a 'changed' event to every connected agent when a conversation changes", async () => {
    const alice = await openLive(ALICE);
    const bob = await openLive(BOB);
    try {
      const user = uniqueUser("live");
      const name = `ext:${user}`;
      await say(user, "human");
      await waitForStatus(name, "waiting");
      const id = conversationId(name);
      const changed = (frames: string[]) =>
        frames
          .map((f) => (f.startsWith("{") ? (JSON.parse(f) as Record<string, unknown>) : {}))
          .filter((f) => f.conversationId === id);
      await vi.waitFor(() =>
        expect(changed(bob.frames)).toContainEqual({ type: "changed", conversationId: id, what: "queue" }),
      );
      await act(name, "claim", ALICE);
      await vi.waitFor(() => expect(changed(bob.frames).length).toBeGreaterThanOrEqual(2));
      const queue = (await (await agentCall("/agent/api/conversations", { agent: BOB })).json()) as {
        conversations: { id: string; status: string; claimedBy: { id: string } | null }[];
      };
      expect(queue.conversations.find((c) => c.id === id)).toMatchObject({
        status: "agent",
        claimedBy: { id: "alice" },
      });
      expect(changed(alice.frames).length).toBeGreaterThanOrEqual(2);
    } finally {
      alice.socket.close();
      bob.socket.close();
    }
  });
});
