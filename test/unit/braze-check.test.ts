// `npm run braze:check` logic against a small fake Braze workspace (passed as `fetch`, so MSW never sees it):
// what each outcome reports, that probes message nobody and create no profile, and that the key never leaks.
import { describe, expect, it } from "vitest";
import { type CheckResult, checkWorkspace, formatReport } from "../../src/braze/workspace-check";

const KEY = "sk-live-0123456789abcdef-secret";
const ENDPOINT = "https://rest.iad-01.braze.com";
const GROUP = "whatsapp-group-1";
const ALL_PERMISSIONS = ["campaigns.details", "campaigns.trigger.send", "users.track", "subscription.status.set"];

const ROUTES: Record<string, string> = {
  "GET /campaigns/details": "campaigns.details",
  "POST /campaigns/trigger/send": "campaigns.trigger.send",
  "POST /users/track": "users.track",
  "POST /subscription/status/set": "subscription.status.set",
};

function whatsAppCampaign(overrides: Record<string, unknown> = {}) {
  return {
    message: "success",
    name: "AI reply",
    archived: false,
    draft: false,
    enabled: true,
    has_post_launch_draft: false,
    schedule_type: "api_triggered",
    channels: ["whats_app"],
    messages: {
      "variation-1": {
        channel: "whats_app",
        name: "Variation 1",
        subscription_group_id: GROUP,
        layout: "text",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid, not a JavaScript template
        body_text: "{{api_trigger_properties.${external_system_msg_body}}}",
      },
    },
    ...overrides,
  };
}

interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/** A Braze workspace in miniature: a key, its permissions, campaigns, existing users; optional echo of the key. */
function fakeWorkspace(setup: {
  permissions?: string[];
  campaigns?: Record<string, unknown>;
  users?: string[];
  echoKey?: boolean;
}) {
  const permissions = setup.permissions ?? ALL_PERMISSIONS;
  const campaigns = setup.campaigns ?? { "campaign-reply": whatsAppCampaign() };
  const users = new Set(setup.users ?? ["u1"]);
  const requests: Recorded[] = [];
  const delivered: unknown[] = [];
  const createdProfiles: unknown[] = [];
  const answer = (status: number, body: Record<string, unknown>) =>
    Response.json(setup.echoKey ? { ...body, echoed: `Bearer ${KEY}` } : body, { status });

  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    requests.push({ method, path: url.pathname, body });
    if (new Headers(init?.headers).get("Authorization") !== `Bearer ${KEY}`) {
      return answer(401, { message: "Invalid API Key" });
    }
    const permission = ROUTES[`${method} ${url.pathname}`];
    if (!permission) return answer(404, { message: "Not Found" });
    if (!permissions.includes(permission)) return answer(403, { message: "Access Denied" });
    if (permission === "campaigns.details") {
      const campaign = campaigns[url.searchParams.get("campaign_id") ?? ""];
      return campaign
        ? answer(200, campaign as Record<string, unknown>)
        : answer(400, { message: "Invalid campaign_id" });
    }
    if (permission === "campaigns.trigger.send") {
      if (!campaigns[String(body?.campaign_id)]) return answer(400, { message: "Invalid Campaign ID" });
      const [recipient] = (body?.recipients ?? []) as Record<string, unknown>[];
      if (recipient?.user_alias || users.has(String(recipient?.external_user_id))) delivered.push(recipient);
      return answer(201, { dispatch_id: "dispatch-42", message: "success" });
    }
    if (permission === "users.track") {
      const [attributes] = (body?.attributes ?? []) as Record<string, unknown>[];
      if (!attributes?._update_existing_only) createdProfiles.push(attributes);
      return answer(201, { message: "success", attributes_processed: 0 });
    }
    return answer(201, { message: "success" });
  };
  return { fetch: fetchImpl, requests, delivered, createdProfiles };
}

const baseOptions = { endpoint: ENDPOINT, apiKey: KEY, replyCampaignId: "campaign-reply", subscriptionGroupId: GROUP };

const line = (results: CheckResult[], check: string) => results.find((r) => r.check === check);

describe("braze:check (checkWorkspace)", () => {
  it("passes a correctly set-up workspace, and its probes message nobody and create no profile", async () => {
    const braze = fakeWorkspace({});
    const results = await checkWorkspace({ ...baseOptions, fetch: braze.fetch });

    expect(results.map((r) => `${r.status} ${r.check}`)).toEqual([
      "PASS endpoint",
      "PASS API key",
      "PASS permission campaigns.details",
      "PASS permission campaigns.trigger.send",
      "PASS permission users.track",
      "SKIP permission subscription.status.set",
      "PASS reply campaign",
      "PASS reply campaign delivery",
      "PASS reply campaign channel",
      "PASS reply campaign state",
      "SKIP agent reply campaign",
      "SKIP re-eligibility & frequency capping",
      "PASS subscription group",
    ]);
    expect(braze.delivered).toEqual([]);
    expect(braze.createdProfiles).toEqual([]);
    expect(braze.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /campaigns/details",
      "POST /campaigns/trigger/send",
      "POST /users/track",
    ]);
    const [, send, track] = braze.requests;
    expect(send?.body).not.toHaveProperty("broadcast");
    expect(send?.body).not.toHaveProperty("audience");
    expect(send?.body?.recipients).toEqual([
      expect.objectContaining({
        external_user_id: expect.stringMatching(/^braze-check-probe-/),
        send_to_existing_only: true,
      }),
    ]);
    expect(track?.body?.attributes).toEqual([
      expect.objectContaining({
        external_id: expect.stringMatching(/^braze-check-probe-/),
        _update_existing_only: true,
      }),
    ]);
  });

  it("checks the agent reply campaign too when it is configured", async () => {
    const braze = fakeWorkspace({
      campaigns: { "campaign-reply": whatsAppCampaign(), "campaign-agent": whatsAppCampaign({ name: "Agent reply" }) },
    });
    const results = await checkWorkspace({
      ...baseOptions,
      agentReplyCampaignId: "campaign-agent",
      fetch: braze.fetch,
    });
    expect(line(results, "agent reply campaign")).toMatchObject({
      status: "PASS",
      detail: expect.stringContaining("Agent reply"),
    });
    expect(line(results, "agent reply campaign delivery")?.status).toBe("PASS");
  });

  it("probes the configured button campaigns: a known one passes, an unknown id fails, nobody is messaged", async () => {
    const braze = fakeWorkspace({
      campaigns: { "campaign-reply": whatsAppCampaign(), "campaign-b2": whatsAppCampaign({ name: "Two buttons" }) },
    });
    const results = await checkWorkspace({
      ...baseOptions,
      buttonCampaignIds: { 2: "campaign-b2", 3: "campaign-missing" },
      fetch: braze.fetch,
    });
    expect(line(results, "2-button campaign")).toMatchObject({
      status: "PASS",
      detail: expect.stringContaining("Two"),
    });
    expect(line(results, "2-button campaign (trigger/send)")?.status).toBe("PASS");
    expect(line(results, "3-button campaign (trigger/send)")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("no API-triggered campaign has this id"),
    });
    expect(line(results, "button labels")?.status).toBe("SKIP");
    const probe = braze.requests.find((r) => r.body?.campaign_id === "campaign-b2");
    expect(((probe?.body?.recipients ?? []) as { trigger_properties: object }[])[0]?.trigger_properties).toMatchObject({
      button_1: "Probe 1",
      button_2: "Probe 2",
    });
    expect(braze.delivered).toEqual([]);
  });

  it("stops at a 401 and says wrong key or wrong instance host", async () => {
    const braze = fakeWorkspace({});
    const results = await checkWorkspace({ ...baseOptions, apiKey: "not-the-key", fetch: braze.fetch });
    expect(results.map((r) => r.status)).toEqual(["PASS", "FAIL", "SKIP"]);
    expect(line(results, "API key")?.detail).toContain("wrong key or wrong instance host");
    expect(braze.requests).toHaveLength(1);
  });

  it("fails a missing required permission (403 on its probe) and only warns about campaigns.details", async () => {
    const braze = fakeWorkspace({ permissions: ["campaigns.trigger.send"] });
    const results = await checkWorkspace({ ...baseOptions, fetch: braze.fetch });
    expect(line(results, "permission users.track")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("HTTP 403 Access Denied"),
    });
    expect(line(results, "permission campaigns.details")?.status).toBe("WARN");
    expect(line(results, "permission campaigns.trigger.send")?.status).toBe("PASS");
    expect(line(results, "reply campaign")?.status).toBe("SKIP");
    expect(line(results, "subscription group")).toMatchObject({
      status: "PASS",
      detail: expect.stringContaining("not verifiable"),
    });

    const noSend = await checkWorkspace({
      ...baseOptions,
      fetch: fakeWorkspace({ permissions: ["users.track"] }).fetch,
    });
    expect(line(noSend, "permission campaigns.trigger.send")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("cannot send replies"),
    });
  });

  it("fails a campaign that does not exist", async () => {
    const braze = fakeWorkspace({ campaigns: {} });
    const results = await checkWorkspace({ ...baseOptions, fetch: braze.fetch });
    expect(line(results, "reply campaign")).toMatchObject({
      status: "FAIL",
      detail: "campaign-reply not found or unreadable: HTTP 400 Invalid campaign_id",
    });
    expect(line(results, "permission campaigns.trigger.send")?.status).toBe("WARN");
    expect(line(results, "reply campaign (trigger/send)")?.status).toBe("FAIL");
  });

  it("fails a campaign that is not API-triggered, not WhatsApp, or not live", async () => {
    const campaign = whatsAppCampaign({
      schedule_type: "time_based",
      channels: ["email"],
      messages: { v1: { channel: "email", name: "Variation 1" } },
      draft: true,
    });
    const results = await checkWorkspace({
      ...baseOptions,
      fetch: fakeWorkspace({ campaigns: { "campaign-reply": campaign } }).fetch,
    });
    expect(line(results, "reply campaign delivery")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("time_based"),
    });
    expect(line(results, "reply campaign channel")).toMatchObject({
      status: "FAIL",
      detail: "not WhatsApp (channels: email)",
    });
    expect(line(results, "reply campaign state")?.status).toBe("FAIL");

    const template = whatsAppCampaign({
      messages: { v1: { channel: "whats_app", subscription_group_id: GROUP, template_name: "order_update" } },
      enabled: false,
    });
    const second = await checkWorkspace({
      ...baseOptions,
      fetch: fakeWorkspace({ campaigns: { "campaign-reply": template } }).fetch,
    });
    expect(line(second, "reply campaign channel")?.status).toBe("WARN");
    expect(line(second, "reply campaign state")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("stopped"),
    });
  });

  it("fails a missing subscription group, and one the reply campaign does not send from", async () => {
    const braze = fakeWorkspace({});
    const missing = await checkWorkspace({ ...baseOptions, subscriptionGroupId: undefined, fetch: braze.fetch });
    expect(line(missing, "subscription group")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID is not set"),
    });
    const other = await checkWorkspace({ ...baseOptions, subscriptionGroupId: "sms-group", fetch: braze.fetch });
    expect(line(other, "subscription group")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining(`sends from ${GROUP}`),
    });
  });

  it("--send-to sends one real message and prints status, dispatch_id and body; --phone-alias uses the phone alias", async () => {
    const braze = fakeWorkspace({});
    const results = await checkWorkspace({
      ...baseOptions,
      sendTo: { externalId: "u1" },
      text: "Hello",
      fetch: braze.fetch,
    });
    expect(line(results, "test send to external_id u1")).toEqual({
      status: "PASS",
      check: "test send to external_id u1",
      detail:
        'HTTP 201, dispatch_id dispatch-42, body {"dispatch_id":"dispatch-42","message":"success"}; now check the phone',
    });
    expect(braze.delivered).toEqual([
      { external_user_id: "u1", trigger_properties: { external_system_msg_body: "Hello" } },
    ]);

    const byPhone = fakeWorkspace({});
    await checkWorkspace({ ...baseOptions, sendTo: { phoneAlias: "+14155550100" }, text: "Hi", fetch: byPhone.fetch });
    expect(byPhone.delivered).toEqual([
      {
        user_alias: { alias_name: "+14155550100", alias_label: "phone" },
        trigger_properties: { external_system_msg_body: "Hi" },
      },
    ]);
  });

  it("reports a host that is not Braze's, and an unreachable one", async () => {
    const local = await checkWorkspace({
      ...baseOptions,
      endpoint: "http://127.0.0.1:8787",
      fetch: fakeWorkspace({}).fetch,
    });
    expect(line(local, "endpoint")?.status).toBe("WARN");
    const plain = await checkWorkspace({ ...baseOptions, endpoint: "http://rest.iad-01.braze.com" });
    expect(plain).toEqual([expect.objectContaining({ status: "FAIL", check: "endpoint" })]);
    const down = await checkWorkspace({
      ...baseOptions,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(line(down, "endpoint reachable")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("fetch failed"),
    });
  });

  it("formats one line per check and a summary", () => {
    const report = formatReport([
      { status: "PASS", check: "endpoint", detail: "https://rest.iad-01.braze.com is a Braze REST host" },
      { status: "WARN", check: "reply campaign channel", detail: "WhatsApp template order_update" },
      { status: "FAIL", check: "permission users.track", detail: "missing (HTTP 403 Access Denied)" },
      { status: "SKIP", check: "agent reply campaign", detail: "BRAZE_AGENT_REPLY_CAMPAIGN_ID is not set" },
    ]);
    expect(report).toBe(
      [
        "PASS  endpoint: https://rest.iad-01.braze.com is a Braze REST host",
        "WARN  reply campaign channel: WhatsApp template order_update",
        "FAIL  permission users.track: missing (HTTP 403 Access Denied)",
        "SKIP  agent reply campaign: BRAZE_AGENT_REPLY_CAMPAIGN_ID is not set",
        "Summary: 1 PASS, 1 WARN, 1 FAIL, 1 SKIP: fix every FAIL before going live",
      ].join("\n"),
    );
  });

  it("never puts the API key in the report, even when Braze echoes it", async () => {
    const echoing = fakeWorkspace({ echoKey: true, permissions: ["campaigns.trigger.send"], campaigns: {} });
    const results = await checkWorkspace({ ...baseOptions, sendTo: { externalId: "u1" }, fetch: echoing.fetch });
    const report = formatReport(results);
    expect(report).toContain("[redacted]");
    expect(report).not.toContain(KEY);
    expect(report).not.toContain("0123456789abcdef");
  });
});
