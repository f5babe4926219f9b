// Braze's error text in logs: Braze's own wording stays readable, anything else it echoes (a customer's name,
// email or number, our API key) is masked before it reaches a log line.
import { describe, expect, it } from "vitest";
import { BrazeClient, restTransport } from "../../src/braze/client";
import { maskBrazeErrorText } from "../../src/braze/error-text";
import { BrazeError } from "../../src/braze/errors";
import { TEST_BINDINGS } from "../bindings";
import { fakeBraze } from "../helpers/fake-braze";

describe("maskBrazeErrorText", () => {
  it.each([
    ["Invalid Campaign ID", "Invalid Campaign ID"],
    ["No Recipients", "No Recipients"],
    ["Mismatched Message Type", "Mismatched Message Type"],
    [
      "max number of external_ids and aliases per request was exceeded",
      "max number of external_ids and aliases per request was exceeded",
    ],
    ["provided external_id is blacklisted", "provided external_id is blacklisted"],
  ])("keeps Braze's own wording: %j", (upstream, shown) => {
    expect(maskBrazeErrorText(upstream)).toBe(shown);
  });

  it("masks a customer's name, email and number echoed by Braze", () => {
    const shown = maskBrazeErrorText("Invalid recipient María José O'Neill <maria.oneill@example.com> +1 415 555 0100");
    expect(shown).toBe("Invalid recipient * #");
    for (const leaked of ["Mar", "Jos", "Neill", "maria", "example", "415", "0100"])
      expect(shown).not.toContain(leaked);
  });

  it("cuts our secrets out before masking and stays short", () => {
    const shown = maskBrazeErrorText(`invalid api key ${TEST_BINDINGS.BRAZE_API_KEY} ${"word ".repeat(100)}`, [
      TEST_BINDINGS.BRAZE_API_KEY,
    ]);
    expect(shown.startsWith("invalid api key redacted *")).toBe(true);
    expect(shown).not.toContain("secret");
    expect(shown.length).toBeLessThanOrEqual(120);
  });
});

describe("BrazeClient errors", () => {
  it("log Braze's error text with the customer's name masked", async () => {
    fakeBraze.willRespond({ status: 400, body: { message: "Invalid user alias for Maria Lopez" } });
    const client = new BrazeClient(restTransport(TEST_BINDINGS.BRAZE_REST_ENDPOINT, TEST_BINDINGS.BRAZE_API_KEY), 1000);
    const error = await client
      .triggerSend({ campaignId: "c", recipient: { externalUserId: "u" }, text: "hi" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeError);
    expect((error as BrazeError).summary).toBe("/campaigns/trigger/send answered 400: Invalid user alias for *");
  });
});
