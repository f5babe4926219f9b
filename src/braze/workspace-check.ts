// Pre-flight check of a real Braze workspace (`npm run braze:check`, docs/braze-check.md): endpoint, API key,
// permissions, campaigns, subscription group and, only on request, one real test message. It imports nothing but
// zod, so the same code runs in Node (the CLI) and in workerd (the tests). Every probe that writes is harmless by
// a documented Braze rule; a permission whose probe could not be shown harmless is reported as not checked.
import { z } from "zod";

export type CheckStatus = "PASS" | "WARN" | "FAIL" | "SKIP";

export interface CheckResult {
  status: CheckStatus;
  /** What was checked, e.g. "permission users.track". */
  check: string;
  detail: string;
}

export type SendTo = { externalId: string } | { phoneAlias: string };

export interface WorkspaceCheckOptions {
  endpoint: string;
  apiKey: string;
  replyCampaignId?: string;
  agentReplyCampaignId?: string;
  /** Quick-reply campaigns by button count (BRAZE_BUTTONS_1/2/3_CAMPAIGN_ID, docs/braze-campaigns.md). */
  buttonCampaignIds?: Partial<Record<1 | 2 | 3, string>>;
  subscriptionGroupId?: string;
  /** Sends ONE real message through the reply campaign to this test user. */
  sendTo?: SendTo;
  text?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** REST hosts as Braze lists them per instance (rest.iad-01.braze.com, rest.fra-02.braze.eu, rest.au-01.braze.com). */
const BRAZE_REST_HOST = /^rest\.[a-z]{2,4}-\d{2}\.braze\.(com|eu)$/;
/** The trigger property the reply campaign's Liquid renders: {{api_trigger_properties.${external_system_msg_body}}}. */
const TEXT_PROPERTY = "external_system_msg_body";

const BrazeMessage = z.object({ message: z.string().optional(), dispatch_id: z.string().optional() });

const MessageVariant = z.object({
  channel: z.string().optional(),
  type: z.string().optional(),
  subscription_group_id: z.string().optional(),
  layout: z.string().optional(),
  template_name: z.string().optional(),
  body_text: z.string().optional(),
});
type MessageVariant = z.infer<typeof MessageVariant>;

/** GET /campaigns/details (`_docs/_api/endpoints/export/campaigns/get_campaign_details.md`), the fields used here. */
const CampaignDetails = z.object({
  message: z.string(),
  name: z.string().optional(),
  archived: z.boolean().optional(),
  draft: z.boolean().optional(),
  enabled: z.boolean().optional(),
  has_post_launch_draft: z.boolean().optional(),
  schedule_type: z.string().optional(),
  channels: z.array(z.string()).optional(),
  // Documented as an object keyed by message variation id; some clients type it as an array.
  messages: z.union([z.record(z.string(), MessageVariant), z.array(MessageVariant)]).optional(),
});
type CampaignDetails = z.infer<typeof CampaignDetails>;

interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

class StopRun extends Error {}

type Add = (status: CheckStatus, check: string, detail: string) => void;

/** Every Braze call goes through call(): it reports the key once, and stops the run on a 401 or no answer. */
class BrazeSession {
  private keyReported = false;
  // Plain fields, not constructor parameter properties: Node's type stripping (the CLI) does not support those.
  private readonly base: string;
  private readonly host: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly add: Add;

  constructor(base: URL, apiKey: string, fetchImpl: typeof fetch, timeoutMs: number, add: Add) {
    this.base = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
    this.host = base.host;
    this.apiKey = apiKey;
    this.fetchImpl = fetchImpl;
    this.timeoutMs = timeoutMs;
    this.add = add;
  }

  async call(method: "GET" | "POST", path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.apiKey}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.add("FAIL", "endpoint reachable", `no answer from ${this.host}: ${String(error)}`);
      throw new StopRun();
    }
    const text = await response.text().catch(() => "");
    const answer = { status: response.status, body: parseJson(text), text, headers: response.headers };
    if (answer.status === 401) {
      this.add("FAIL", "API key", `rejected (HTTP 401): wrong key or wrong instance host ${this.host}`);
      throw new StopRun();
    }
    if (!this.keyReported) this.add("PASS", "API key", `accepted by ${this.host} (HTTP ${answer.status})`);
    this.keyReported = true;
    return answer;
  }
}

export async function checkWorkspace(options: WorkspaceCheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add: Add = (status, check, detail) => results.push({ status, check, detail: redact(detail, options.apiKey) });
  const base = checkEndpoint(options.endpoint, add);
  if (!base) return results;
  const braze = new BrazeSession(base, options.apiKey, options.fetch ?? fetch, options.timeoutMs ?? 15_000, add);
  try {
    await runChecks(braze, options, add);
  } catch (error) {
    if (!(error instanceof StopRun)) throw error;
    add("SKIP", "remaining checks", "not run: fix the FAIL above first");
  }
  return results;
}

async function runChecks(braze: BrazeSession, options: WorkspaceCheckOptions, add: Add): Promise<void> {
  const buttons = buttonCampaigns(options);
  const campaigns = [
    { role: "reply campaign", id: options.replyCampaignId },
    { role: "agent reply campaign", id: options.agentReplyCampaignId },
    ...buttons,
  ];
  const details = new Map<string, Answer>();
  for (const { id } of campaigns) {
    if (id && !details.has(id)) details.set(id, await braze.call("GET", `/campaigns/details?${campaignQuery(id)}`));
  }
  checkDetailsPermission(options.replyCampaignId ? details.get(options.replyCampaignId) : undefined, add);
  await probePermissions(braze, options.replyCampaignId, add);

  for (const { role, id, count } of buttons) await probeButtonCampaign(braze, role, id, count, add);

  let replyCampaign: CampaignDetails | undefined;
  for (const { role, id } of campaigns) {
    if (!id) {
      if (role === "reply campaign") add("FAIL", role, "BRAZE_REPLY_CAMPAIGN_ID is not set: the Worker cannot reply");
      else add("SKIP", role, "BRAZE_AGENT_REPLY_CAMPAIGN_ID is not set");
      continue;
    }
    const campaign = checkCampaign(role, id, details.get(id), add);
    if (role === "reply campaign") replyCampaign = campaign;
  }
  add(
    "SKIP",
    "re-eligibility & frequency capping",
    "not exposed by /campaigns/details: in the dashboard, allow re-eligibility after 0 minutes and turn off " +
      "global frequency capping on the inbound webhook campaign and every reply campaign, or only a customer's " +
      "first message is answered",
  );
  if (buttons.length > 0) {
    add(
      "SKIP",
      "button labels",
      "not exposed by /campaigns/details: in each button campaign, button n's label must be " +
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid, not a JavaScript template
        "{{api_trigger_properties.${button_n}}} (docs/braze-campaigns.md); send a test to see the buttons",
    );
  }
  checkSubscriptionGroup(options.subscriptionGroupId, replyCampaign, add);
  if (options.sendTo) await testSend(braze, options, add);
}

function buttonCampaigns(options: WorkspaceCheckOptions): { role: string; id: string; count: number }[] {
  return ([1, 2, 3] as const).flatMap((count) => {
    const id = options.buttonCampaignIds?.[count];
    return id ? [{ role: `${count}-button campaign`, id, count }] : [];
  });
}

/** Like the reply campaign's probe: a non-existent user, existing users only, so nobody is messaged. */
async function probeButtonCampaign(braze: BrazeSession, role: string, id: string, count: number, add: Add) {
  const labels = Object.fromEntries(Array.from({ length: count }, (_, i) => [`button_${i + 1}`, `Probe ${i + 1}`]));
  const answer = await braze.call("POST", "/campaigns/trigger/send", {
    campaign_id: id,
    recipients: [
      {
        external_user_id: `braze-check-probe-${crypto.randomUUID()}`,
        send_to_existing_only: true,
        trigger_properties: { [TEXT_PROPERTY]: "braze:check probe (never delivered)", ...labels },
      },
    ],
  });
  const check = `${role} (trigger/send)`;
  if (ok(answer)) add("PASS", check, `${id} accepts API-triggered sends (${describe(answer)})`);
  else if (answer.status === 400 && /invalid campaign id/i.test(describe(answer))) {
    add("FAIL", check, `${id}: no API-triggered campaign has this id`);
  } else add("WARN", check, `${id}: undetermined, ${describe(answer)}`);
}

function checkEndpoint(endpoint: string, add: Add): URL | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    add("FAIL", "endpoint", `not a URL: ${JSON.stringify(endpoint)}`);
    return undefined;
  }
  if (url.protocol === "https:" && BRAZE_REST_HOST.test(url.hostname)) {
    add("PASS", "endpoint", `${url.origin} is a Braze REST host`);
  } else if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) {
    add(
      "WARN",
      "endpoint",
      `${url.origin} is not shaped like a Braze REST host (https://rest.<instance>.braze.com|eu)`,
    );
  } else {
    add("FAIL", "endpoint", `${url.origin}: Braze needs https:// (http:// only to a local fake on loopback)`);
    return undefined;
  }
  return url;
}

function checkDetailsPermission(answer: Answer | undefined, add: Add): void {
  const check = "permission campaigns.details";
  if (!answer) add("SKIP", check, "not checked: no campaign id to read");
  else if (ok(answer)) add("PASS", check, "granted (read the reply campaign)");
  else if (answer.status === 403) {
    add("WARN", check, `missing (optional; ${describe(answer)}): the campaign checks below are skipped`);
  } else add("SKIP", check, `undetermined: ${describe(answer)} (see the campaign lines)`);
}

/**
 * Write permissions, each probed on a random external_id that cannot exist, with flags Braze documents as
 * "existing users only", so nobody is messaged and no profile is created (see docs/braze-check.md).
 */
async function probePermissions(braze: BrazeSession, replyCampaignId: string | undefined, add: Add): Promise<void> {
  const nobody = `braze-check-probe-${crypto.randomUUID()}`;
  if (replyCampaignId) {
    const answer = await braze.call("POST", "/campaigns/trigger/send", {
      campaign_id: replyCampaignId,
      recipients: [
        {
          external_user_id: nobody,
          send_to_existing_only: true,
          trigger_properties: { [TEXT_PROPERTY]: "braze:check probe (never delivered)" },
        },
      ],
    });
    reportPermission("campaigns.trigger.send", answer, "the Worker cannot send replies", add);
    // ERR (`_docs/_api/errors.md`): "400 Invalid Campaign ID" = no API-triggered campaign has this id.
    if (answer.status === 400 && /invalid campaign id/i.test(describe(answer))) {
      add("FAIL", "reply campaign (trigger/send)", `${replyCampaignId}: no API-triggered campaign has this id`);
    }
  } else {
    add("SKIP", "permission campaigns.trigger.send", "not checked: BRAZE_REPLY_CAMPAIGN_ID is not set");
  }
  const track = await braze.call("POST", "/users/track", {
    attributes: [{ external_id: nobody, _update_existing_only: true, braze_check_probe: true }],
  });
  reportPermission("users.track", track, "chat facts cannot be written to profiles", add);
  add(
    "SKIP",
    "permission subscription.status.set",
    "not checked: Braze does not document whether /subscription/status/set creates a profile for an unknown " +
      "user, and it has no read-only mode; confirm the key has it in Settings > APIs and Identifiers",
  );
}

function reportPermission(permission: string, answer: Answer, consequence: string, add: Add): void {
  const check = `permission ${permission}`;
  if (ok(answer)) add("PASS", check, `granted (probe on a non-existent user, ${describe(answer)})`);
  else if (answer.status === 403) add("FAIL", check, `missing (${describe(answer)}): ${consequence}`);
  else if (answer.status === 400) {
    add("WARN", check, `probably granted (400, not 403), but Braze refused the probe: ${describe(answer)}`);
  } else add("WARN", check, `undetermined: ${describe(answer)}`);
}

function checkCampaign(role: string, id: string, answer: Answer | undefined, add: Add): CampaignDetails | undefined {
  if (!answer) return undefined;
  if (answer.status === 403) {
    add("SKIP", role, `${id}: not checked (the key lacks campaigns.details)`);
    return undefined;
  }
  const parsed = CampaignDetails.safeParse(answer.body);
  if (!ok(answer) || !parsed.success || parsed.data.message !== "success") {
    add("FAIL", role, `${id} not found or unreadable: ${describe(answer)}`);
    return undefined;
  }
  const campaign = parsed.data;
  add("PASS", role, `${JSON.stringify(campaign.name ?? "(no name)")} (${id}) exists`);
  const schedule = campaign.schedule_type;
  if (schedule === undefined) add("WARN", `${role} delivery`, "schedule_type not reported: check it is API-triggered");
  else if (/api/i.test(schedule)) add("PASS", `${role} delivery`, `API-triggered (schedule_type ${schedule})`);
  else add("FAIL", `${role} delivery`, `schedule_type ${schedule} is not API-triggered: trigger/send cannot use it`);
  checkChannel(role, campaign, add);
  checkState(role, campaign, add);
  return campaign;
}

function whatsAppMessages(campaign: CampaignDetails): MessageVariant[] {
  const all = Array.isArray(campaign.messages) ? campaign.messages : Object.values(campaign.messages ?? {});
  return all.filter((m) => m.type !== "control" && /^whats_?app$/i.test(m.channel ?? ""));
}

function checkChannel(role: string, campaign: CampaignDetails, add: Add): void {
  const check = `${role} channel`;
  const messages = whatsAppMessages(campaign);
  const listed = (campaign.channels ?? []).some((c) => /^whats_?app$/i.test(c));
  if (!listed && messages.length === 0) {
    add("FAIL", check, `not WhatsApp (channels: ${(campaign.channels ?? []).join(", ") || "none reported"})`);
    return;
  }
  const templates = messages.filter((m) => m.template_name !== undefined).map((m) => m.template_name);
  const missingText = messages.filter((m) => m.body_text !== undefined && !m.body_text.includes(TEXT_PROPERTY));
  if (templates.length > 0) {
    add("WARN", check, `WhatsApp template ${templates.join(", ")}: replies are free text, a response message fits`);
  } else if (missingText.length > 0) {
    add("WARN", check, `WhatsApp, but the body does not use {{api_trigger_properties.\${${TEXT_PROPERTY}}}}`);
  } else {
    const layouts = messages.map((m) => m.layout).filter((l) => l !== undefined);
    add("PASS", check, `WhatsApp${layouts.length > 0 ? ` response message (layout ${layouts.join(", ")})` : ""}`);
  }
}

function checkState(role: string, campaign: CampaignDetails, add: Add): void {
  const check = `${role} state`;
  if (campaign.archived) add("FAIL", check, "archived: unarchive it or configure another campaign");
  else if (campaign.draft) add("FAIL", check, "still a draft: launch it");
  else if (campaign.enabled === false) add("FAIL", check, "stopped (enabled: false): resume it");
  else if (campaign.has_post_launch_draft) add("WARN", check, "active, with unlaunched post-launch draft changes");
  else add("PASS", check, campaign.enabled ? "active" : "not draft, not archived (enabled not reported)");
}

function checkSubscriptionGroup(groupId: string | undefined, reply: CampaignDetails | undefined, add: Add): void {
  const check = "subscription group";
  if (!groupId) {
    add("FAIL", check, "BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID is not set: STOP cannot unsubscribe anyone");
    return;
  }
  const used = [...new Set((reply ? whatsAppMessages(reply) : []).map((m) => m.subscription_group_id))];
  const known = used.filter((g) => g !== undefined);
  if (known.length === 0) {
    add("PASS", check, `${groupId} is set (existence not verifiable: no subscription group read from the campaign)`);
  } else if (known.every((g) => g === groupId)) {
    add("PASS", check, `${groupId} exists: the reply campaign sends from it`);
  } else {
    add(
      "FAIL",
      check,
      `${groupId}, but the reply campaign sends from ${known.join(", ")}: STOP would not stop replies`,
    );
  }
}

/** The one real message, to a test user the operator named: settles the open facts items on a real workspace. */
async function testSend(braze: BrazeSession, options: WorkspaceCheckOptions, add: Add): Promise<void> {
  const sendTo = options.sendTo;
  if (!sendTo) return;
  const who =
    "externalId" in sendTo
      ? { label: `external_id ${sendTo.externalId}`, id: { external_user_id: sendTo.externalId } }
      : {
          label: `phone alias ${sendTo.phoneAlias}`,
          id: { user_alias: { alias_name: sendTo.phoneAlias, alias_label: "phone" } },
        };
  const check = `test send to ${who.label}`;
  if (!options.replyCampaignId) {
    add("FAIL", check, "not sent: BRAZE_REPLY_CAMPAIGN_ID is not set");
    return;
  }
  const text = options.text ?? `Test message from npm run braze:check, ${new Date().toISOString()}`;
  const answer = await braze.call("POST", "/campaigns/trigger/send", {
    campaign_id: options.replyCampaignId,
    recipients: [{ ...who.id, trigger_properties: { [TEXT_PROPERTY]: text } }],
  });
  const parsed = BrazeMessage.safeParse(answer.body);
  const dispatchId = parsed.success ? parsed.data.dispatch_id : undefined;
  const retryAfter = answer.status === 429 ? `, Retry-After ${answer.headers.get("Retry-After") ?? "absent"}` : "";
  const detail = `HTTP ${answer.status}, dispatch_id ${dispatchId ?? "none"}${retryAfter}, body ${clip(answer.text, 300)}`;
  add(ok(answer) ? "PASS" : "FAIL", check, `${detail}${ok(answer) ? "; now check the phone" : ""}`);
}

export function formatReport(results: CheckResult[]): string {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const lines = results.map((r) => `${r.status.padEnd(4)}  ${r.check}: ${r.detail}`);
  const fails = count("FAIL");
  const verdict = fails > 0 ? "fix every FAIL before going live" : "no FAIL; read the WARN and SKIP lines";
  lines.push(`Summary: ${count("PASS")} PASS, ${count("WARN")} WARN, ${fails} FAIL, ${count("SKIP")} SKIP: ${verdict}`);
  return lines.join("\n");
}

function ok(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** "HTTP 403 Access Denied": Braze's own message, which names the problem (ERR: `_docs/_api/errors.md`). */
function describe(answer: Answer): string {
  const parsed = BrazeMessage.safeParse(answer.body);
  const message = parsed.success ? parsed.data.message : undefined;
  return `HTTP ${answer.status}${message ? ` ${clip(message, 120)}` : ""}`;
}

function campaignQuery(id: string): string {
  return new URLSearchParams({ campaign_id: id }).toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat || "(empty)";
}

/** The API key never reaches the report, even when Braze or a proxy echoes it. */
function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

/** Same rule as config.ts: plain http only to a local fake. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host);
}
