// What the Worker exposes and to whom: every route with its credential, refusals that leak no secret, the
// local-only pages, a token check that is constant-time by construction, and a flood from one customer that
// neither costs more than MAX_TURNS_PER_MINUTE model calls nor delays anyone else.
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { matchesAnyToken } from "../../src/security/bearer";
import { TEST_BINDINGS } from "../bindings";
import {
  conversation,
  echoModel,
  fireTimersNow,
  useModel,
  waitForSends,
  waitUntilSettled,
} from "../helpers/conversation";
import { fakeBraze } from "../helpers/fake-braze";
import { postWebhook, recommendedBody, uniqueUser, WORKER_URL } from "../helpers/webhook";

type Credential = "webhook" | "admin" | "none" | "local-only" | "agent";

/** Every route the app serves (src/routes/*) and what it takes to use it. */
const ROUTE_TABLE: { method: string; path: string; credential: Credential }[] = [
  { method: "POST", path: "/webhooks/whatsapp", credential: "webhook" }, // WEBHOOK_TOKEN or WEBHOOK_TOKEN_PREVIOUS
  { method: "POST", path: "/webhooks/whatsapp/:flowId", credential: "webhook" }, // starts that flow (src/flows)
  { method: "GET", path: "/health", credential: "none" },
  { method: "GET", path: "/admin/dead-letters", credential: "admin" }, // ADMIN_TOKEN
  { method: "POST", path: "/admin/dead-letters/replay", credential: "admin" },
  { method: "GET", path: "/admin/intake", credential: "admin" }, // intake notes: a template without message_id
  { method: "GET", path: "/local/braze/sends", credential: "local-only" }, // BRAZE_REST_ENDPOINT=local on loopback
  { method: "GET", path: "/playground", credential: "local-only" }, // carries the webhook token
  { method: "GET", path: "/assets/playground.js", credential: "local-only" }, // its script: a static asset, Worker first
  // The agent inbox: Cloudflare Access, AGENT_TOKENS or (local sink on loopback) the demo agent; each
  // route's refusals are tested in handoff-auth.test.ts.
  { method: "GET", path: "/agent", credential: "agent" }, // page: see agent-page.test.ts
  { method: "GET", path: "/agent/api/me", credential: "agent" },
  { method: "GET", path: "/agent/api/conversations", credential: "agent" },
  { method: "GET", path: "/agent/api/conversations/:id", credential: "agent" },
  { method: "POST", path: "/agent/api/conversations/:id/claim", credential: "agent" },
  { method: "POST", path: "/agent/api/conversations/:id/release", credential: "agent" },
  { method: "POST", path: "/agent/api/conversations/:id/close", credential: "agent" },
  { method: "POST", path: "/agent/api/conversations/:id/reply", credential: "agent" },
  { method: "GET", path: "/agent/api/live", credential: "agent" },
];

const TOKEN_OF: Record<"webhook" | "admin", string> = {
  webhook: TEST_BINDINGS.WEBHOOK_TOKEN,
  admin: TEST_BINDINGS.ADMIN_TOKEN,
};

const SECRETS = [
  TEST_BINDINGS.WEBHOOK_TOKEN,
  TEST_BINDINGS.WEBHOOK_TOKEN_PREVIOUS,
  TEST_BINDINGS.ADMIN_TOKEN,
  TEST_BINDINGS.BRAZE_API_KEY,
  TEST_BINDINGS.LOG_HMAC_KEY,
];

function call(method: string, path: string, authorization?: string): Promise<Response> {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (authorization !== undefined) headers.set("Authorization", authorization);
  const body = method === "POST" ? recommendedBody({ user_id: uniqueUser("sec"), message: "hello" }) : undefined;
  return exports.default.fetch(new Request(`${WORKER_URL}${path}`, { method, headers, body }));
}

/** The whole response as text (status line, headers, body), to search for anything that should not be there. */
async function transcript(response: Response): Promise<string> {
  return `${response.status}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${await response.text()}`;
}

describe("the route table", () => {
  it("lists every route the app registers, no more and no fewer", () => {
    // A route with its own middleware (GET /agent: its page gate) is listed once per handler: count it once.
    const registered = [
      ...new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`)),
    ].sort();
    expect(registered).toEqual(ROUTE_TABLE.map((r) => `${r.method} ${r.path}`).sort());
  });
});

describe("protected routes", () => {
  const protectedRoutes = ROUTE_TABLE.filter(
    (r): r is typeof r & { credential: "webhook" | "admin" } => r.credential === "webhook" || r.credential === "admin",
  );

  it.each(protectedRoutes)(
    "$method $path refuses no token, a wrong one and the other surface's, leaking no secret",
    async ({ method, path, credential }) => {
      const otherSurface = credential === "webhook" ? TOKEN_OF.admin : TOKEN_OF.webhook;
      const attempts = [undefined, "Bearer wrong-token-wrong-token-0123", `Bearer ${otherSurface}`, otherSurface];
      for (const authorization of attempts) {
        const response = await call(method, path, authorization);
        expect(response.status).toBe(401);
        const text = await transcript(response);
        expect(text).toContain('"code":"unauthorized"');
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
      expect(fakeBraze.attempts).toBe(0);
    },
  );

  it.each(protectedRoutes)("$method $path accepts its own token", async ({ method, path, credential }) => {
    const response = await call(method, path, `Bearer ${TOKEN_OF[credential]}`);
    expect([200, 202]).toContain(response.status);
  });

  it("keeps the admin API closed (403) when ADMIN_TOKEN is unset, even to the webhook token", async () => {
    for (const adminToken of [undefined, "", "   "]) {
      const bindings = { ...env, ADMIN_TOKEN: adminToken };
      for (const authorization of [undefined, `Bearer ${TOKEN_OF.webhook}`, "Bearer "]) {
        const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
        const response = await app.request(`${WORKER_URL}/admin/dead-letters`, { headers }, bindings);
        expect(response.status).toBe(403);
        const text = await transcript(response);
        expect(text).toContain('"code":"admin_disabled"');
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
    }
  });

  it("serves /health without a token and without any secret in it", async () => {
    const response = await call("GET", "/health");
    expect(response.status).toBe(200);
    const text = await transcript(response);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

describe("local-only routes", () => {
  const localEnv = { ...env, BRAZE_REST_ENDPOINT: "local" };
  const hosts: [host: string, loopback: boolean][] = [
    ["https://my-worker.example.workers.dev", false],
    ["https://localhost.evil.example", false],
    ["http://127.0.0.1.nip.io", false],
    ["http://localhost:8787", true],
    ["http://127.0.0.1:8787", true],
    ["http://[::1]:8787", true],
  ];
  const localRoutes = ROUTE_TABLE.filter((r) => r.credential === "local-only");

  it.each(hosts)(
    "exist on %s only with BRAZE_REST_ENDPOINT=local when the host is loopback",
    async (host, loopback) => {
      for (const { path } of localRoutes) {
        for (const [bindings, isLocalSink] of [
          [env, false],
          [localEnv, true],
        ] as const) {
          const response = await app.request(`${host}${path}`, {}, bindings);
          const expected = isLocalSink && loopback ? 200 : 404;
          expect({ path, isLocalSink, status: response.status }).toEqual({ path, isLocalSink, status: expected });
          if (expected === 404) expect(await response.text()).not.toContain(TEST_BINDINGS.WEBHOOK_TOKEN);
        }
      }
    },
  );

  it("has nothing else under /local/", async () => {
    const response = await app.request("http://localhost:8787/local/braze/other", {}, localEnv);
    expect(response.status).toBe(404);
  });
});

describe("the token comparison", () => {
  afterEach(() => vi.restoreAllMocks());

  const tokens = ["first-configured-token-0001", "second-token", "a-third-token-of-another-length-entirely"];
  const byteLength = (value: unknown) => (value as ArrayBuffer | ArrayBufferView).byteLength;

  it.each([
    ["the first token", tokens[0], true],
    ["the last token", tokens[2], true],
    ["a prefix of a token", "first-configured", false],
    ["an unknown token", "x", false],
  ])(
    "compares 32-byte digests against every configured token, with no early exit, for %s",
    async (_, presented, expected) => {
      const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
      const digest = vi.spyOn(crypto.subtle, "digest");
      expect(await matchesAnyToken(presented, tokens)).toBe(expected);
      expect(compare).toHaveBeenCalledTimes(tokens.length);
      for (const [a, b] of compare.mock.calls) expect([byteLength(a), byteLength(b)]).toEqual([32, 32]);
      // Configured tokens' digests may be cached; the presented one is hashed afresh, with SHA-256.
      const hashed = digest.mock.calls.map(([algorithm, data]) => [
        algorithm,
        new TextDecoder().decode(data as Uint8Array),
      ]);
      expect(hashed).toContainEqual(["SHA-256", presented]);
      expect(hashed.every(([algorithm]) => algorithm === "SHA-256")).toBe(true);
    },
  );

  it("refuses a missing token or an empty token list without comparing anything", async () => {
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    expect(await matchesAnyToken(undefined, tokens)).toBe(false);
    expect(await matchesAnyToken("anything", [])).toBe(false);
    expect(compare).not.toHaveBeenCalled();
  });

  it("checks both webhook tokens on a real request even when the first one matches", async () => {
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    const user = uniqueUser("ct");
    const response = await postWebhook(recommendedBody({ user_id: user, message: "hello" }));
    expect(response.status).toBe(202);
    expect(compare).toHaveBeenCalledTimes(2);
    await waitForSends(user, 1);
  });
});

describe("a flood from one customer", () => {
  it("costs at most 10 model calls in its first minute, answers every message exactly once and delays nobody else", async () => {
    const flooder = uniqueUser("flood");
    const bystander = uniqueUser("calm");
    const floodModel = echoModel();
    await useModel(`ext:${flooder}`, floodModel);
    await useModel(`ext:${bystander}`, echoModel());
    const tokens = Array.from({ length: 100 }, (_, i) => `tok${String(i).padStart(3, "0")}`);

    const statuses: number[] = [];
    let bystanderPostedAt = 0;
    for (const [i, token] of tokens.entries()) {
      statuses.push((await postWebhook(recommendedBody({ user_id: flooder, message: token }))).status);
      if (i === 49) {
        bystanderPostedAt = Date.now();
        statuses.push((await postWebhook(recommendedBody({ user_id: bystander, message: "a calm question" }))).status);
      }
    }
    expect(statuses).toEqual(Array(101).fill(202));

    const [bystanderReply] = await waitForSends(bystander, 1, 3000);
    expect(bystanderReply?.text).toBe("echo: a calm question");
    const bystanderAnsweredAt = fakeBraze.calls.find((c) => JSON.stringify(c.body).includes(bystander))?.at ?? 0;
    expect(bystanderAnsweredAt - bystanderPostedAt).toBeLessThan(2000);

    // The first minute: whatever the cap lets through is answered; the rest waits for the window.
    await vi.waitFor(
      async () => {
        const state = await conversation(`ext:${flooder}`).status();
        expect((state.outbox.pending ?? 0) + (state.outbox.sending ?? 0)).toBe(0);
        const turn = state.timers.find((t) => t.name === "turn");
        if (state.pendingInbound > 0) expect(turn?.due_at ?? 0).toBeGreaterThan(Date.now() + 30_000);
      },
      { timeout: 8000, interval: 50 },
    );
    const callsInFirstMinute = floodModel.inputs.length;
    expect(callsInFirstMinute).toBeGreaterThan(0);
    expect(callsInFirstMinute).toBeLessThanOrEqual(10);

    // The minute passes: everything still waiting is answered, coalesced.
    await fireTimersNow(`ext:${flooder}`);
    await waitUntilSettled(`ext:${flooder}`);
    expect(floodModel.inputs.flatMap((input) => input.messages)).toEqual(tokens);
    const replies = fakeBraze.sendsTo(flooder).map((s) => s.text);
    for (const token of tokens) {
      expect(replies.join("\n").split(token).length - 1, token).toBe(1);
    }
    const lastFloodReplyAt = Math.max(
      ...fakeBraze.calls.filter((c) => JSON.stringify(c.body).includes(flooder)).map((c) => c.at),
    );
    expect(bystanderAnsweredAt).toBeLessThan(lastFloodReplyAt);
  });
});
