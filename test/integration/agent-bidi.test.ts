// What agents are shown of a customer's text: bidi embeddings, overrides and isolates made visible by the agent
// API ("\u202Egnp.exe" must not read "exe.png"), while the conversation keeps the text exactly as typed.
import { describe, expect, it } from "vitest";
import { showBidiControls, showBidiControlsDeep } from "../../src/security/bidi";
import { agentCall, view, waitForStatus } from "../helpers/agents";
import { conversation } from "../helpers/conversation";
import { postWebhook, recommendedBody, uniqueUser } from "../helpers/webhook";

const RLO = "\u202E";
const ALL_CONTROLS = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

describe("showBidiControls", () => {
  it("names every embedding, override and isolate and leaves the implicit marks and other text alone", () => {
    expect(showBidiControls(ALL_CONTROLS)).toBe("[LRE][RLE][PDF][LRO][RLO][LRI][RLI][FSI][PDI]");
    expect(showBidiControls(`${RLO}gnp.exe`)).toBe("[RLO]gnp.exe");
    const arabic = "رقم الطلب \u200E12345\u200F شكرا";
    expect(showBidiControls(arabic)).toBe(arabic);
  });

  it("reaches every string of a JSON value, nested and in arrays", () => {
    expect(showBidiControlsDeep({ a: [`${RLO}x`, { b: `${RLO}y` }], n: 1, z: null })).toEqual({
      a: ["[RLO]x", { b: "[RLO]y" }],
      n: 1,
      z: null,
    });
  });
});

describe("the agent API", () => {
  it("shows a customer's right-to-left override as [RLO] in the transcript, the queue and the name", async () => {
    const user = uniqueUser("bidi");
    const name = `ext:${user}`;
    const profile_name = `${RLO}eilrahC`;
    for (const message of ["agent", `${RLO}gnp.exe`]) {
      const response = await postWebhook(recommendedBody({ user_id: user, message, profile_name }));
      expect(response.status).toBe(202);
    }
    await waitForStatus(name, "waiting");

    const shown = await view(name);
    expect(shown.transcript.map((m) => m.text)).toContain("[RLO]gnp.exe");
    expect(shown.conversation.customerName).toBe("[RLO]eilrahC");
    const queue = await (await agentCall("/agent/api/conversations")).text();
    expect(queue).toContain("[RLO]gnp.exe");
    for (const text of [JSON.stringify(shown), queue]) expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);

    // Stored as typed: only what agents are shown changes.
    const stored = await conversation(name).agentView();
    expect(stored?.transcript.map((m) => m.text)).toContain(`${RLO}gnp.exe`);
  });
});
