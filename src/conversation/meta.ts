// Small key/value facts about one conversation (identity, merge markers, last customer message time).
export type MetaKey =
  | "conversation_name"
  | "external_id"
  | "phone"
  | "braze_id"
  | "language"
  | "moved_to"
  /** When moved_to was first set: forwarding ends FORWARDING_WINDOW_MS later (src/conversation/forwarding.ts). */
  | "moved_at"
  | "last_customer_message_at"
  | "last_activity_at"
  /** "1" while the customer has opted out (STOP) and not opted back in (START). */
  | "opted_out"
  /** When START last opted the customer back in: a repeat soon after is a retry, confirmed once. */
  | "opted_in_at"
  /** When this conversation last logged `webhook.no_message_id` (at most once a day). */
  | "no_message_id_warned_at"
  | "fields_after_message_warned_at"
  /** bot | waiting | agent | closed: who holds the conversation (absent = bot); see docs/handoff.md. */
  | "chat_status"
  | "handoff_reason"
  | "handoff_requested_at"
  /** The language of the handoff message, for the follow-up "nobody available" notice. */
  | "handoff_language"
  /** JSON {id, name} of the agent holding the conversation, while chat_status = agent. */
  | "claimed_by"
  /** The handoff_requested_at of the waiting period whose customer was told nobody is available (once each). */
  | "unclaimed_notice_for"
  /** Consecutive turns the bot could not help with (HANDOFF_AFTER_UNHELPFUL_TURNS). */
  | "unhelpful_turns"
  /** The customer's WhatsApp profile name from the webhook, shown to agents. */
  | "customer_name"
  /** The id of the multi-step flow the customer is in, if any. */
  | "active_flow"
  /** JSON array of when the latest model turns started, for MAX_TURNS_PER_MINUTE. */
  | "recent_model_turns"
  /** How many turns answered the customer: the absolute `ai_turns` chat fact (src/conversation/chat-facts.ts). */
  | "chat_turns"
  /** JSON object of the latest webhook's validated profile fields (latest wins). */
  | "profile"
  /** The brain's rolling summary of turns no longer in the prompt, and the `at` of the newest turn it covers. */
  | "summary"
  | "summary_through_at"
  /** JSON {day, tokens}: estimated model tokens on that UTC day, for MODEL_TOKENS_PER_DAY. */
  | "model_tokens";

export class MetaStore {
  constructor(private readonly sql: SqlStorage) {}

  get(key: MetaKey | `merged_phone:${string}`): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  }

  getNumber(key: MetaKey): number | undefined {
    const value = this.get(key);
    return value === undefined ? undefined : Number(value);
  }

  set(key: MetaKey | `merged_phone:${string}`, value: string | number): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      String(value),
    );
  }

  delete(key: MetaKey): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  /** Keeps the larger of the stored and the given number (timestamps that must only move forward). */
  raise(key: MetaKey, value: number): void {
    if ((this.getNumber(key) ?? Number.NEGATIVE_INFINITY) < value) this.set(key, value);
  }
}
