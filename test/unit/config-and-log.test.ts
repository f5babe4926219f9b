import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import { maskPhone } from "../../src/log";
import { TEST_BINDINGS } from "../bindings";

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig({ ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("accepts the test configuration", () => {
    expect(problemsOf(TEST_BINDINGS)).toEqual([]);
  });

  it("fails loudly, naming the variable, when BRAZE_REST_ENDPOINT is missing", () => {
    const { BRAZE_REST_ENDPOINT: _, ...rest } = TEST_BINDINGS;
    expect(problemsOf(rest).join()).toMatch(/^BRAZE_REST_ENDPOINT /);
  });

  it("refuses plain http to a non-local Braze host but allows localhost", () => {
    expect(problemsOf({ ...TEST_BINDINGS, BRAZE_REST_ENDPOINT: "http://rest.iad-01.braze.com" }).join()).toContain(
      "BRAZE_REST_ENDPOINT",
    );
    expect(problemsOf({ ...TEST_BINDINGS, BRAZE_REST_ENDPOINT: "http://127.0.0.1:8787" })).toEqual([]);
    expect(problemsOf({ ...TEST_BINDINGS, BRAZE_REST_ENDPOINT: "http://localhost:9000/" })).toEqual([]);
  });

  it("requires the API key and campaign for a real Braze endpoint, not for the local sink", () => {
    const real = problemsOf({ ...TEST_BINDINGS, BRAZE_API_KEY: "", BRAZE_REPLY_CAMPAIGN_ID: undefined });
    expect(real.join()).toContain("BRAZE_API_KEY");
    expect(real.join()).toContain("BRAZE_REPLY_CAMPAIGN_ID");
    expect(
      problemsOf({
        ...TEST_BINDINGS,
        BRAZE_REST_ENDPOINT: "local",
        BRAZE_API_KEY: "",
        BRAZE_REPLY_CAMPAIGN_ID: undefined,
      }),
    ).toEqual([]);
  });

  it("names a malformed number and a missing WEBHOOK_TOKEN, and never echoes a secret", () => {
    const problems = problemsOf({
      ...TEST_BINDINGS,
      REPLY_DEBOUNCE_MS: "soon",
      WEBHOOK_TOKEN: "",
      ADMIN_TOKEN: "short",
    });
    expect(problems.join()).toContain("REPLY_DEBOUNCE_MS");
    expect(problems.join()).toContain("WEBHOOK_TOKEN is required");
    expect(problems.join()).not.toContain("short");
  });

  it("says the allowed range when a number is over the limit (MAX_TURNS_PER_MINUTE=1000), not 'must be a number'", () => {
    expect(problemsOf({ ...TEST_BINDINGS, MAX_TURNS_PER_MINUTE: "1000" })).toEqual([
      "MAX_TURNS_PER_MINUTE must be a whole number from 1 to 600",
    ]);
  });

  const NUMERIC = [
    ...["MODEL_CONTEXT_TOKENS", "SEND_SPACING_MS", "SUBSCRIPTION_SETTLE_MS", "MAX_TURNS_PER_MINUTE"],
    ...["BRAIN_HISTORY_TURNS", "MODEL_TOKENS_PER_DAY", "REPLY_DEBOUNCE_MS", "RETRY_BASE_MS", "RETRY_MAX_MS"],
    ...["BRAZE_TIMEOUT_MS", "MODEL_TIMEOUT_MS", "HANDOFF_AFTER_UNHELPFUL_TURNS", "HANDOFF_UNCLAIMED_NOTICE_MS"],
    ...["BRAIN_MIN_CONFIDENCE", "BRAIN_PRIORITY_MIN_CONFIDENCE"],
  ];

  it.each(NUMERIC)(
    "%s names its allowed range whatever is wrong with it (too big, too small, not a number, a fraction)",
    (name) => {
      for (const value of ["9999999999", "-1", "soon", "0.5x", "1.5"]) {
        const problems = problemsOf({ ...TEST_BINDINGS, [name]: value });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(new RegExp(`^${name} must be a (whole )?number from -?\\d+ to \\d+$`));
      }
    },
  );
});

describe("maskPhone", () => {
  it("keeps only the last two digits", () => {
    expect(maskPhone("+14155550123")).toBe("+*********23");
    expect(maskPhone("44 20 7946 0958")).toBe("**********58");
  });
});
