// Secret rules (src/security/secret-strength.ts): 16+ characters, no whitespace, no public example value outside
// the local sink, no token reused across roles. A weak optional token is ignored with a warning; a weak
// WEBHOOK_TOKEN is still used, logged as an error and listed as required for the pre-deploy check. No value
// ever appears in a problem or a log line.
import { afterEach, describe, expect, it, vi } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import { loadConfig } from "../../src/config";
import { checkSecrets, secretInputsFrom, secretProblems } from "../../src/security/secret-strength";
import { TEST_BINDINGS } from "../bindings";

const STRONG = {
  webhook: "webhook-token-0123456789abcdef",
  previous: "previous-token-0123456789abcdef",
  admin: "admin-token-0123456789abcdef",
  alice: "alice-token-0123456789abcdef",
  bob: "bob-token-0123456789abcdef",
};

const envWith = (overrides: Record<string, string | undefined>) => ({
  BRAZE_REST_ENDPOINT: "https://rest.braze.test",
  WEBHOOK_TOKEN: STRONG.webhook,
  WEBHOOK_TOKEN_PREVIOUS: STRONG.previous,
  ADMIN_TOKEN: STRONG.admin,
  AGENT_TOKENS: `alice:${STRONG.alice},bob:${STRONG.bob}`,
  ...overrides,
});

/** .dev.vars.example's active lines as an environment. */
function parseDevVars(text: string): Record<string, string> {
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return Object.fromEntries(entries);
}

afterEach(() => vi.restoreAllMocks());

describe("secretProblems", () => {
  it("finds nothing wrong with strong, distinct tokens, nor with the test bindings", () => {
    expect(secretProblems(envWith({}))).toEqual([]);
    expect(secretProblems(TEST_BINDINGS)).toEqual([]);
  });

  it("accepts .dev.vars.example as it is (npm start): its values are 16+ characters and the local sink allows them", () => {
    const example = parseDevVars(devVarsExample);
    expect(example.BRAZE_REST_ENDPOINT).toBe("local");
    expect(secretProblems(example)).toEqual([]);
    expect(() => loadConfig(example)).not.toThrow();
  });

  it("refuses the repository's example values anywhere but the local sink", () => {
    const example = parseDevVars(devVarsExample);
    const deployed = { ...example, BRAZE_REST_ENDPOINT: "https://rest.braze.test" };
    expect(secretProblems(deployed).map((p) => [p.name, p.required])).toEqual([
      ["WEBHOOK_TOKEN", true],
      ["ADMIN_TOKEN", false],
    ]);
    const agents = secretProblems(envWith({ AGENT_TOKENS: "alice:a-long-random-token-1,bob:a-long-random-token-2" }));
    expect(agents.map((p) => p.name)).toEqual(["AGENT_TOKENS (alice)", "AGENT_TOKENS (bob)"]);
  });

  it.each([
    ["WEBHOOK_TOKEN_PREVIOUS", { WEBHOOK_TOKEN_PREVIOUS: "x" }, "is shorter than 16 characters"],
    ["ADMIN_TOKEN", { ADMIN_TOKEN: "admin" }, "is shorter than 16 characters"],
    [
      "ADMIN_TOKEN",
      { ADMIN_TOKEN: "admin token 0123456789" },
      "contains whitespace, which a Bearer header cannot carry",
    ],
    ["AGENT_TOKENS (alice)", { AGENT_TOKENS: `alice:short,bob:${STRONG.bob}` }, "is shorter than 16 characters"],
    ["AGENT_TOKENS (alice)", { AGENT_TOKENS: `alice:,bob:${STRONG.bob}` }, "is shorter than 16 characters"],
    ["ADMIN_TOKEN", { ADMIN_TOKEN: STRONG.webhook }, "is the same as WEBHOOK_TOKEN"],
    ["ADMIN_TOKEN", { ADMIN_TOKEN: STRONG.previous }, "is the same as WEBHOOK_TOKEN_PREVIOUS"],
    ["ADMIN_TOKEN", { ADMIN_TOKEN: STRONG.alice }, "is the same as AGENT_TOKENS (alice)"],
    ["WEBHOOK_TOKEN_PREVIOUS", { WEBHOOK_TOKEN_PREVIOUS: STRONG.webhook }, "is the same as WEBHOOK_TOKEN"],
    [
      "AGENT_TOKENS (bob)",
      { AGENT_TOKENS: `alice:${STRONG.alice},bob:${STRONG.webhook}` },
      "is the same as WEBHOOK_TOKEN",
    ],
  ])("an optional %s: %j → %s, and it is ignored", (name, overrides, problem) => {
    const env = envWith(overrides);
    expect(secretProblems(env)).toEqual([{ name, problem, required: false }]);
    const usable = checkSecrets(secretInputsFrom(env));
    const stillAccepted: Record<string, boolean> = {
      ADMIN_TOKEN: usable.adminToken !== undefined,
      WEBHOOK_TOKEN_PREVIOUS: usable.webhookTokens.length > 1,
      "AGENT_TOKENS (alice)": usable.agentTokens.some((a) => a.id === "alice"),
      "AGENT_TOKENS (bob)": usable.agentTokens.some((a) => a.id === "bob"),
    };
    expect(Object.entries(stillAccepted).filter(([, accepted]) => !accepted)).toEqual([[name, false]]);
  });

  it("ignores both agents who share one token: neither could be told apart", () => {
    const env = envWith({ AGENT_TOKENS: `alice:${STRONG.alice},bob:${STRONG.alice}` });
    expect(secretProblems(env).map((p) => `${p.name} ${p.problem}`)).toEqual([
      "AGENT_TOKENS (alice) is the same as AGENT_TOKENS (bob)",
      "AGENT_TOKENS (bob) is the same as AGENT_TOKENS (alice)",
    ]);
    expect(checkSecrets(secretInputsFrom(env)).agentTokens).toEqual([]);
  });

  it("lists a weak WEBHOOK_TOKEN as required and keeps using it, so Braze's webhooks keep working", () => {
    const env = envWith({ WEBHOOK_TOKEN: "braze" });
    expect(secretProblems(env)).toEqual([
      { name: "WEBHOOK_TOKEN", problem: "is shorter than 16 characters", required: true },
    ]);
    expect(checkSecrets(secretInputsFrom(env)).webhookTokens).toEqual(["braze", STRONG.previous]);
    expect(secretProblems(envWith({ WEBHOOK_TOKEN: undefined }))).toContainEqual({
      name: "WEBHOOK_TOKEN",
      problem: "is not set",
      required: true,
    });
  });

  it("never puts a value in a problem", () => {
    const weak = {
      WEBHOOK_TOKEN: "braze",
      WEBHOOK_TOKEN_PREVIOUS: "x",
      ADMIN_TOKEN: "braze",
      AGENT_TOKENS: "alice:braze",
    };
    const text = JSON.stringify(secretProblems(envWith(weak)));
    expect(text).not.toMatch(/"x"|braze(?!_)/);
  });
});

describe("loadConfig with weak or reused tokens", () => {
  it("keeps serving: ignores the optional ones, keeps a weak WEBHOOK_TOKEN, and logs names only", () => {
    const lines: string[] = [];
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((line: string) => void lines.push(line));
    }
    const env = {
      ...TEST_BINDINGS,
      WEBHOOK_TOKEN: "short-webhook",
      WEBHOOK_TOKEN_PREVIOUS: "x",
      ADMIN_TOKEN: "short-webhook",
      AGENT_TOKENS: `alice:${STRONG.alice},bob:tiny`,
    };
    const config = loadConfig(env);
    expect(config.webhookTokens).toEqual(["short-webhook"]);
    expect(config.adminToken).toBeUndefined();
    expect(config.agentAuth.tokens).toEqual([{ id: "alice", token: STRONG.alice }]);
    const events = lines.map((line) => JSON.parse(line) as Record<string, string>);
    expect(events.map((e) => `${e.level} ${e.event} ${e.name}`)).toEqual([
      "error config.secret_weak WEBHOOK_TOKEN",
      "warn config.secret_ignored WEBHOOK_TOKEN_PREVIOUS",
      "warn config.secret_ignored AGENT_TOKENS (bob)",
      "warn config.secret_ignored ADMIN_TOKEN",
      "warn config.secret_ignored ADMIN_TOKEN",
    ]);
    for (const line of lines) expect(line).not.toMatch(/short-webhook|"x"|tiny/);
  });
});
