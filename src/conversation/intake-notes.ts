// Makes problems with the operator's Braze webhook template visible (README "Webhook body", docs/delivery.md
// "Replays"): a body without `message_id` (retries recognised by text only), or protected fields after the
// message (ignored: the template's order, or a customer typing them). Each conversation reports each problem at
// most once a day, in its log and in the operator index that GET /admin/intake reads, so a busy deployment is
// not flooded.
import { describeError, type LogFields, log } from "../log";
import { deadLetterIndex } from "../ops/dead-letter-index";
import type { IntakeNoteName } from "../ops/intake-notes";
import type { MetaKey, MetaStore } from "./meta";

export const INTAKE_WARN_EVERY_MS = 24 * 60 * 60 * 1000;

// biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid for the operator to copy, not a JS template
const MESSAGE_ID_HINT = 'add "message_id": "{{campaign.${dispatch_id}}}" to the webhook body (README, "Webhook body")';

/** Per problem: the meta key of this conversation's last report, its log event and what to tell the operator. */
const PROBLEMS: Record<IntakeNoteName, { warnedAt: MetaKey; event: string; hint: string }> = {
  missing_message_id: { warnedAt: "no_message_id_warned_at", event: "webhook.no_message_id", hint: MESSAGE_ID_HINT },
  protected_fields_after_message: {
    warnedAt: "fields_after_message_warned_at",
    event: "webhook.template_fields_after_message",
    hint: 'put user_id, phone_number and the other protected fields before "message", or open the body with "escaped": true',
  },
};

/** Notes one body with this problem; reports it when this conversation has not for a day. */
export function noteIntakeProblem(
  env: Env,
  meta: MetaStore,
  now: number,
  name: IntakeNoteName,
  fields: LogFields,
): void {
  const problem = PROBLEMS[name];
  const last = meta.getNumber(problem.warnedAt);
  if (last !== undefined && now - last < INTAKE_WARN_EVERY_MS && now >= last) return;
  meta.set(problem.warnedAt, now);
  log("warn", problem.event, { ...fields, hint: problem.hint });
  // Not awaited: the message is stored whatever happens to the operator index, and the webhook is not held.
  void (async () => {
    try {
      await deadLetterIndex(env).noteIntake(name, now);
    } catch (error) {
      log("error", "intake_note.failed", { ...fields, error: describeError(error) });
    }
  })();
}
