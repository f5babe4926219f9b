// The playground's two calls to the local Worker: the webhook, posted exactly as Braze would (Bearer token,
// JSON body), and the local Braze sink's records (GET /local/braze/sends), read page by page.
import type { SinkRecord } from "../../braze/sink-record";
import type { PlaygroundPageConfig } from "../page";

/** The Worker's answer to one webhook, as the chat shows it under the customer's bubble. */
export interface WebhookOutcome {
  label: string;
  ok: boolean;
  accepted: boolean;
}

const field = (v: unknown, key: string): unknown =>
  typeof v === "object" && v !== null ? Reflect.get(v, key) : undefined;

/** "202 accepted", "401 unauthorized: ...": the status, then the answer's status or its error envelope. */
function describeAnswer(status: number, answer: unknown): string {
  const said = field(answer, "status");
  const error = field(answer, "error");
  const detail = said
    ? String(said)
    : error
      ? `${String(field(error, "code"))}: ${String(field(error, "message"))}`
      : "";
  return `${status} ${detail}`.trim();
}

export async function postWebhook(config: PlaygroundPageConfig, body: string): Promise<WebhookOutcome> {
  try {
    const res = await fetch(config.webhookPath, {
      method: "POST",
      headers: { Authorization: `Bearer ${config.token}`, "Content-Type": "application/json" },
      body,
    });
    const answer: unknown = await res.json().catch(() => ({}));
    return { label: describeAnswer(res.status, answer), ok: res.ok, accepted: res.status === 202 };
  } catch {
    return { label: "not sent: the Worker is not reachable", ok: false, accepted: false };
  }
}

function asSinkRecord(v: unknown): SinkRecord | undefined {
  const id = field(v, "id");
  const path = field(v, "path");
  const at = field(v, "at");
  if (typeof id !== "number" || typeof path !== "string" || typeof at !== "number") return undefined;
  return { id, path, at, body: field(v, "body") };
}

/** The records after `after`, oldest first; a page shorter than SINK_PAGE_SIZE means there are no more now. */
export async function readSinkPage(config: PlaygroundPageConfig, after: number): Promise<SinkRecord[]> {
  const res = await fetch(`${config.sendsPath}?after=${after}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const sends = field(await res.json(), "sends");
  return Array.isArray(sends) ? sends.flatMap((rec) => asSinkRecord(rec) ?? []) : [];
}
