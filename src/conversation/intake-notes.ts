// Makes a Braze webhook template without `message_id` visible to the operator (docs/delivery.md "Replays"):
// without it, retries can only be recognised by their text. Each conversation warns at most once a day, in its
// log and in the operator index that GET /admin/intake reads, so a busy deployment is not flooded.
import { describeError, type LogFields, log } from "../log";
import { deadLetterIndex } from "../ops/dead-letter-index";
import type { MetaStore } from "./meta";

export const MISSING_MESSAGE_ID_WARN_EVERY_MS = 24 * 60 * 60 * 1000;

// biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid for the operator to copy, not a JS template
const HINT = 'add "message_id": "{{campaign.${dispatch_id}}}" to the webhook body (README, "Webhook body")';

/** Notes one body without message_id; warns when this conversation has not warned for a day. */
export function noteMissingMessageId(env: Env, meta: MetaStore, now: number, fields: LogFields): void {
  const last = meta.getNumber("no_message_id_warned_at");
  if (last !== undefined && now - last < MISSING_MESSAGE_ID_WARN_EVERY_MS && now >= last) return;
  meta.set("no_message_id_warned_at", now);
  log("warn", "webhook.no_message_id", { ...fields, hint: HINT });
  // Not awaited: the message is stored whatever happens to the operator index, and the webhook is not held.
  void (async () => {
    try {
      await deadLetterIndex(env).noteIntake("missing_message_id", now);
    } catch (error) {
      log("error", "intake_note.failed", { ...fields, error: describeError(error) });
    }
  })();
}
