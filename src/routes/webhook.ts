// POST /webhooks/whatsapp (and /webhooks/whatsapp/<flow-id>): Braze's inbound-WhatsApp webhook. Authenticate, read the body whatever its
// Content-Type, recover the message, store it in the customer's conversation, answer.
// Status codes follow what Braze does with them: it retries 408/429/5xx and drops every other 4xx, so a 4xx
// only ever means "this can never succeed", and a 2xx is sent only after the message is durably stored.
import { type Context, Hono } from "hono";
import { isLoopbackHost } from "../config";
import type { ReceiveResult } from "../conversation/conversation";
import { dedupeKeyFor } from "../conversation/dedupe";
import { conversationName, conversationStub } from "../conversation/naming";
import { AppError, invalidPayload, temporarilyUnavailable } from "../errors";
import { enabledFlows } from "../flows/catalog";
import { describeError, log } from "../log";
import { type AppEnv, configOf } from "../request-context";
import { bearerToken, matchesAnyToken } from "../security/bearer";
import { toInboundMessage } from "../webhook/inbound-message";
import { type ParsedFields, parseWebhookBody } from "../webhook/parse-body";

/** Far above any real webhook (a 4,096-character message, escaped, is under 30 KB). */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.post("/webhooks/whatsapp", (c) => acceptMessage(c, undefined));

// The guide's "one webhook campaign per keyword": the message starts that flow directly. An unknown or
// removed flow id is logged and the message goes through the normal pipeline (a 404 would make Braze drop it).
webhookRoutes.post("/webhooks/whatsapp/:flowId", (c) => acceptMessage(c, c.req.param("flowId")));

/** The flow to start, if this deployment serves it; anything else is logged (the id only if it looks like one). */
function knownFlow(c: Context<AppEnv>, flowId: string): string | undefined {
  if (enabledFlows(configOf(c), c.env).get(flowId)) return flowId;
  const shown = /^[a-z0-9_-]{1,40}$/.test(flowId) ? flowId : "(not a flow id)";
  log("warn", "webhook.unknown_flow", { requestId: c.get("requestId"), flow: shown });
  return undefined;
}

async function acceptMessage(c: Context<AppEnv>, requestedFlow: string | undefined): Promise<Response> {
  const config = configOf(c);
  const requestId = c.get("requestId");
  if (config.braze.kind === "local" && !isLoopbackHost(new URL(c.req.url).hostname)) {
    // A deploy left on the local sink must not silently drop replies: 500 makes Braze retry until it is fixed.
    throw new AppError(500, "misconfigured", "BRAZE_REST_ENDPOINT=local only runs on a local host");
  }
  if (!(await matchesAnyToken(bearerToken(c.req.header("Authorization")), config.webhookTokens))) {
    throw new AppError(401, "unauthorized", "missing or wrong bearer token");
  }

  const raw = await readBodyWithLimit(c.req.raw);
  const parsed = parseWebhookBody(raw);
  if (!parsed.ok) throw invalidPayload(parsed.problem, parsed.field);
  logBodyFindings(requestId, parsed);
  const inbound = toInboundMessage(parsed.fields);
  if (!inbound.ok) throw invalidPayload(withIgnoredIdentity(inbound.problem, parsed.ignored), inbound.field);
  for (const warning of inbound.warnings) log("warn", "webhook.field_dropped", { requestId, warning });

  const message = inbound.message;
  const startFlow = requestedFlow === undefined ? undefined : knownFlow(c, requestedFlow);
  const request = {
    conversationName: conversationName(message.identity),
    message,
    dedupeKey: await dedupeKeyFor(message),
    receivedAt: Date.now(),
    requestId,
    ignoredFields: parsed.ignored,
    ...(startFlow ? { startFlow } : {}),
  };
  let result: ReceiveResult;
  try {
    result = await conversationStub(c.env, request.conversationName).receive(request);
    if (result.status === "moved")
      result = await conversationStub(c.env, result.to).receive({ ...request, conversationName: result.to });
  } catch (error) {
    log("error", "webhook.store_failed", { requestId, error: describeError(error) });
    throw temporarilyUnavailable("could not store the message; retry later", error);
  }
  if (result.status === "moved") throw temporarilyUnavailable("conversation is moving; retry later");
  return c.json({ status: result.status, request_id: requestId }, result.status === "accepted" ? 202 : 200);
}

/**
 * What the parser set aside, for the operator (`wrangler tail`): field names only, never values. Ignored fields
 * mean the template puts them after the message without "escaped": true (README "Webhook body").
 */
function logBodyFindings(requestId: string, parsed: ParsedFields): void {
  if (parsed.ignored.length > 0)
    log("warn", "webhook.fields_ignored", { requestId, fields: parsed.ignored.join(","), mode: parsed.mode });
  if (parsed.repeated.length > 0)
    log("warn", "webhook.fields_repeated", { requestId, fields: parsed.repeated.join(","), mode: parsed.mode });
  if (parsed.fallback) log("warn", "webhook.body_unstructured", { requestId, mode: parsed.mode });
}

/** A body whose only identity came after the message: say how to fix the template, not just what is missing. */
function withIgnoredIdentity(problem: string, ignored: string[]): string {
  if (!ignored.includes("user_id") && !ignored.includes("phone_number")) return problem;
  return `${problem} (user_id/phone_number after the message are ignored unless the body opens with "escaped": true; put them before message)`;
}

/** Reads the body as UTF-8 text whatever the Content-Type says; 413 only above MAX_WEBHOOK_BYTES. */
async function readBodyWithLimit(request: Request): Promise<string> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_WEBHOOK_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder("utf-8").decode(bytes);
}

const tooLarge = () => new AppError(413, "payload_too_large", `body larger than ${MAX_WEBHOOK_BYTES} bytes`);
