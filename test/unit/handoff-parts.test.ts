// The handoff's pure parts: the agent keyword list (whole messages, normalised like the commands, never a
// command), what counts as an unhelpful reply, a message's delivery state from its parts, the phone mask agents
// see, and the configuration of agent sign-in and handoff settings.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { deliveryOf, maskForAgents } from "../../src/handoff/summary";
import { isUnhelpful } from "../../src/handoff/unhelpful";
import { AGENT_KEYWORDS, agentKeywordMatcher } from "../../src/i18n/agent-keywords";
import { matchCommand } from "../../src/i18n/commands";
import { TEST_BINDINGS } from "../bindings";

describe("agent keywords", () => {
  const matches = agentKeywordMatcher(["Support please"]);

  it.each([
    "AGENT",
    " Human! ",
    "ＡＧＥＮＴ",
    "asesor",
    "ATENDENTE",
    "Conseillere",
    "상담사",
    "担当者",
    "support   please",
  ])("'%s' alone asks for a person", (text) => expect(matches(text)).toBe(true));

  it.each(["my agent is late", "human resources", "agents", "", "a".repeat(80)])("'%s' does not", (text) =>
    expect(matches(text)).toBe(false),
  );

  it("shares no keyword with STOP, START or RESET", () => {
    for (const keyword of Object.values(AGENT_KEYWORDS).flat()) expect(matchCommand(keyword)).toBeUndefined();
  });
});

describe("unhelpful replies", () => {
  it("are the catalog's clarify and can't-answer texts, and the brain's clarifying questions (small talk aside)", () => {
    expect(isUnhelpful({ type: "catalog_reply", key: "modelUnavailable", language: "ko" })).toBe(true);
    expect(isUnhelpful({ type: "catalog_reply", key: "clarify", language: "ja" })).toBe(true);
    const clarifying = { decision: "clarify", confidence: 0.2, sources: [] } as const;
    expect(
      isUnhelpful({
        type: "reply",
        text: "Which order?",
        format: "markdown",
        facts: { ...clarifying, topic: "orders" },
      }),
    ).toBe(true);
    expect(
      isUnhelpful({ type: "reply", text: "Hello!", format: "markdown", facts: { ...clarifying, topic: "smalltalk" } }),
    ).toBe(false);
    expect(isUnhelpful({ type: "reply", text: "Returns are free within 30 days.", format: "markdown" })).toBe(false);
    expect(isUnhelpful({ type: "catalog_reply", key: "mediaOnly", language: "en" })).toBe(false);
  });
});

describe("delivery state of a message", () => {
  it.each([
    [[], undefined],
    [["pending"], "queued"],
    [["sent", "sending"], "queued"],
    [["sent", "sent"], "accepted"],
    [["held", "sent"], "held"],
    [["dead"], "failed"],
    [["sent", "cancelled"], "failed"],
    [["expired"], "failed"],
  ] as const)("%j -> %s (never 'delivered')", (parts, expected) => expect(deliveryOf(parts)).toBe(expected));
});

describe("the phone agents see", () => {
  it("shows the last four digits only", () => {
    expect(maskForAgents("+14155550142")).toBe("+••• ••• 0142");
    expect(maskForAgents("4155550142")).toBe("••• ••• 0142");
    expect(maskForAgents("12")).toBeNull();
    expect(maskForAgents(undefined)).toBeNull();
  });
});

describe("handoff configuration", () => {
  it("has defaults: 2 unhelpful turns, a 10-minute unclaimed notice, no sign-in, the reply campaign for agents", () => {
    const config = loadConfig({ ...TEST_BINDINGS });
    expect(config.handoff).toEqual({ keywords: [], afterUnhelpfulTurns: 2, unclaimedNoticeMs: 600_000 });
    expect(config.agentAuth).toEqual({ access: undefined, tokens: [] });
    expect(config.braze.agentReplyCampaignId).toBe(TEST_BINDINGS.BRAZE_REPLY_CAMPAIGN_ID);
    expect(config.braze.templateCampaignId).toBeUndefined();
  });

  it("parses agent tokens, Access and the campaigns", () => {
    const config = loadConfig({
      ...TEST_BINDINGS,
      AGENT_TOKENS: " alice:aaaaaaaaaaaaaaaa1 , bob@example.com:bbbbbbbbbbbbbbbb2",
      ACCESS_TEAM_DOMAIN: "https://MyTeam.cloudflareaccess.com/",
      ACCESS_AUD: "aud-1",
      BRAZE_AGENT_REPLY_CAMPAIGN_ID: "agent-campaign",
      BRAZE_TEMPLATE_CAMPAIGN_ID: "template-campaign",
      HANDOFF_KEYWORDS: "support, help desk",
      HANDOFF_AFTER_UNHELPFUL_TURNS: "0",
    });
    expect(config.agentAuth).toEqual({
      access: { teamDomain: "myteam.cloudflareaccess.com", audience: "aud-1" },
      tokens: [
        { id: "alice", token: "aaaaaaaaaaaaaaaa1" },
        { id: "bob@example.com", token: "bbbbbbbbbbbbbbbb2" },
      ],
    });
    expect(config.braze).toMatchObject({
      agentReplyCampaignId: "agent-campaign",
      templateCampaignId: "template-campaign",
    });
    expect(config.handoff).toMatchObject({ keywords: ["support", "help desk"], afterUnhelpfulTurns: 0 });
  });

  it.each([
    [{ AGENT_TOKENS: "al ice:aaaaaaaaaaaaaaaa1" }, "AGENT_TOKENS"],
    [{ AGENT_TOKENS: "no-colon-here-0123456789" }, "AGENT_TOKENS"],
    [{ AGENT_TOKENS: "a:aaaaaaaaaaaaaaaa1,a:bbbbbbbbbbbbbbbb2" }, "listed twice"],
    [{ ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com" }, "ACCESS_AUD"],
    [{ ACCESS_AUD: "aud" }, "ACCESS_TEAM_DOMAIN"],
    [{ ACCESS_TEAM_DOMAIN: "not a domain", ACCESS_AUD: "aud" }, "ACCESS_TEAM_DOMAIN"],
  ])("refuses %j naming %s, never echoing a token", (extra, named) => {
    expect(() => loadConfig({ ...TEST_BINDINGS, ...extra })).toThrow(named);
    try {
      loadConfig({ ...TEST_BINDINGS, ...extra });
    } catch (error) {
      expect(String(error)).not.toMatch(/short|aaaaaaaa|bbbbbbbb|0123456789/);
    }
  });
});
