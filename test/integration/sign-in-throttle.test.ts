// Failed sign-ins on /agent (API, live socket) and /admin are throttled (src/security/sign-in-throttle.ts):
// only failures count, a wrong credential is stopped per address without touching a colleague at that address,
// many different wrong credentials block the address, the webhook is never throttled, and a broken limiter
// never turns a sign-in into a 5xx. Counting limiters stand in for the binding (deterministic); the last test
// uses the binding wrangler.toml declares, as Miniflare simulates it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { clientAddress } from "../../src/security/sign-in-throttle";
import { TEST_BINDINGS } from "../bindings";
import { ALICE, agentCall, agentEnv, BOB } from "../helpers/agents";
import { WORKER_URL } from "../helpers/webhook";

/** A limiter that counts calls per key and allows `limit` of them, like the binding within one period. */
function countingLimiter(limit: number) {
  const counts = new Map<string, number>();
  return {
    counts,
    calls: () => [...counts.values()].reduce((a, b) => a + b, 0),
    async limit({ key }: { key: string }) {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { success: count <= limit };
    },
  };
}

function throttledEnv(base: object = agentEnv) {
  const perCredential = countingLimiter(5);
  const perAddress = countingLimiter(100);
  const bindings = { ...base, FAILED_SIGN_INS_PER_CREDENTIAL: perCredential, FAILED_SIGN_INS_PER_ADDRESS: perAddress };
  return { bindings, perCredential, perAddress };
}

/** A fresh address per test: the isolate remembers blocked addresses for a minute. */
const freshAddress = () => {
  const group = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
};
const fromAddress = (ip: string, headers: Record<string, string> = {}) => ({ ...headers, "CF-Connecting-IP": ip });

const me = (bindings: object, ip: string, token: string | null) =>
  agentCall("/agent/api/me", { agent: token === null ? null : { token }, headers: fromAddress(ip) }, bindings);

async function expectThrottled(response: Response, retryAfter = 60): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(retryAfter);
  expect(await response.json()).toEqual({
    error: { code: "too_many_failed_sign_ins", message: expect.stringContaining("too many failed sign-ins") },
  });
}

describe("failed agent sign-ins", () => {
  it("answer 429 with Retry-After from the sixth wrong try of one token; a colleague at that address signs in", async () => {
    const { bindings } = throttledEnv();
    const office = freshAddress();
    for (let i = 0; i < 5; i++) expect((await me(bindings, office, "wrong-token-0123456789")).status).toBe(401);
    await expectThrottled(await me(bindings, office, "wrong-token-0123456789"));
    await expectThrottled(await me(bindings, office, "wrong-token-0123456789"));
    expect((await me(bindings, office, ALICE.token)).status).toBe(200);
    expect((await me(bindings, office, BOB.token)).status).toBe(200);
    expect((await me(bindings, freshAddress(), "wrong-token-0123456789")).status).toBe(401);
  });

  it("never count a successful sign-in, however many", async () => {
    const { bindings, perCredential, perAddress } = throttledEnv();
    const office = freshAddress();
    for (let i = 0; i < 30; i++) expect((await me(bindings, office, i % 2 ? ALICE.token : BOB.token)).status).toBe(200);
    expect(perCredential.calls() + perAddress.calls()).toBe(0);
  });

  it("count a blocked credential's further retries against nobody: the address budget stays for colleagues", async () => {
    const { bindings, perCredential, perAddress } = throttledEnv();
    const office = freshAddress();
    for (let i = 0; i < 40; i++) await me(bindings, office, "stale-tab-token-0123456789");
    expect(perCredential.calls()).toBe(6);
    expect(perAddress.calls()).toBe(5);
  });

  it("block the whole address after 100 different wrong tokens, right ones included; other addresses unaffected", async () => {
    const { bindings } = throttledEnv();
    const guesser = freshAddress();
    for (let i = 0; i < 100; i++) expect((await me(bindings, guesser, `guess-${i}-0123456789abcdef`)).status).toBe(401);
    await expectThrottled(await me(bindings, guesser, "guess-100-0123456789abcdef"));
    await expectThrottled(await me(bindings, guesser, ALICE.token));
    expect((await me(bindings, freshAddress(), ALICE.token)).status).toBe(200);
  });

  it("are not counted when no credential is sent (the inbox page asks once without one)", async () => {
    const { bindings, perCredential, perAddress } = throttledEnv();
    const office = freshAddress();
    for (let i = 0; i < 10; i++) expect((await me(bindings, office, null)).status).toBe(401);
    expect(perCredential.calls() + perAddress.calls()).toBe(0);
  });

  it("on the live socket (token as subprotocol) are throttled the same way", async () => {
    const { bindings } = throttledEnv();
    const office = freshAddress();
    const live = () =>
      agentCall(
        "/agent/api/live",
        {
          agent: null,
          headers: fromAddress(office, {
            Upgrade: "websocket",
            "Sec-WebSocket-Protocol": "braze-agent, wrong-0123456789abcdef",
          }),
        },
        bindings,
      );
    for (let i = 0; i < 5; i++) expect((await live()).status).toBe(401);
    await expectThrottled(await live());
  });

  it("are never throttled without CF-Connecting-IP (a request that did not come through Cloudflare's edge)", async () => {
    const { bindings, perCredential } = throttledEnv();
    for (let i = 0; i < 10; i++) {
      const response = await agentCall("/agent/api/me", { agent: { token: "wrong-token-0123456789" } }, bindings);
      expect(response.status).toBe(401);
    }
    expect(perCredential.calls()).toBe(0);
  });

  it("stay 401 (never 5xx) when the limiter fails or is not bound", async () => {
    const failing = { limit: async () => Promise.reject(new Error("limiter down")) };
    const broken = { ...agentEnv, FAILED_SIGN_INS_PER_CREDENTIAL: failing, FAILED_SIGN_INS_PER_ADDRESS: failing };
    const unbound = { ...agentEnv, FAILED_SIGN_INS_PER_CREDENTIAL: undefined, FAILED_SIGN_INS_PER_ADDRESS: undefined };
    for (const bindings of [broken, unbound]) {
      const office = freshAddress();
      for (let i = 0; i < 8; i++) expect((await me(bindings, office, "wrong-token-0123456789")).status).toBe(401);
      expect((await me(bindings, office, ALICE.token)).status).toBe(200);
    }
  });
});

describe("failed admin sign-ins", () => {
  const admin = (bindings: object, ip: string, token: string) =>
    app.request(
      `${WORKER_URL}/admin/dead-letters`,
      { headers: fromAddress(ip, { Authorization: `Bearer ${token}` }) },
      bindings,
    );

  it("answer 429 from the sixth wrong try; the admin token still works from that address", async () => {
    const { bindings } = throttledEnv(env);
    const ip = freshAddress();
    for (let i = 0; i < 5; i++) expect((await admin(bindings, ip, "not-the-admin-token-0123")).status).toBe(401);
    await expectThrottled(await admin(bindings, ip, "not-the-admin-token-0123"));
    expect((await admin(bindings, ip, TEST_BINDINGS.ADMIN_TOKEN)).status).toBe(200);
  });
});

describe("the webhook", () => {
  it("is never throttled: a wrong Braze token stays 401 (dropped by Braze), never 429 (retried)", async () => {
    const { bindings, perCredential, perAddress } = throttledEnv(env);
    const ip = freshAddress();
    for (let i = 0; i < 20; i++) {
      const response = await app.request(
        `${WORKER_URL}/webhooks/whatsapp`,
        { method: "POST", headers: fromAddress(ip, { Authorization: "Bearer wrong-0123456789abcdef" }), body: "{}" },
        bindings,
      );
      expect(response.status).toBe(401);
    }
    expect(perCredential.calls() + perAddress.calls()).toBe(0);
  });
});

describe("the Rate Limiting binding from wrangler.toml", () => {
  it("is simulated in the tests and stops one wrong token within two windows' worth of tries", async () => {
    expect(typeof env.FAILED_SIGN_INS_PER_CREDENTIAL.limit).toBe("function");
    expect(typeof env.FAILED_SIGN_INS_PER_ADDRESS.limit).toBe("function");
    const ip = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}::1`;
    // Miniflare's windows follow the wall clock: if one ends mid-test the count restarts once, so 5 + 5 + 1.
    const statuses: number[] = [];
    for (let i = 0; i < 11 && !statuses.includes(429); i++)
      statuses.push((await me(agentEnv, ip, "wrong-0123456789abcdef")).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect((await me(agentEnv, ip, ALICE.token)).status).toBe(200);
  });
});

describe("clientAddress", () => {
  it("keeps IPv4 as is and counts an IPv6 address as its /64", () => {
    expect(clientAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("2001:DB8:0a:b::1")).toBe("2001:db8:a:b::/64");
    expect(clientAddress("2001:db8:a:b:1:2:3:4")).toBe("2001:db8:a:b::/64");
    expect(clientAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddress("::1")).toBe("0:0:0:0::/64");
    expect(clientAddress(undefined)).toBeUndefined();
    expect(clientAddress("  ")).toBeUndefined();
  });
});
