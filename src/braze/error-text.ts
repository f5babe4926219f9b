// Braze's error text for logs. Braze's own messages ("Invalid Campaign ID", "No Recipients") help an operator,
// but the text is upstream content and can echo what we sent: a customer's name, email or number. The old
// filter dropped digits and symbols but kept every letter, so "Invalid recipient Maria Lopez" reached the logs.
// Now only words from Braze's error vocabulary (and plain English glue) are kept; every other word becomes "*",
// digits become "#", and our own secrets are cut out first.

/** Words seen in Braze API error messages (docs/api/errors and the endpoints' pages), plus common glue words. */
const VOCABULARY = new Set(
  [
    // glue
    "a an the is are was were be been not no and or of for to in on at by with from this that it its as",
    "has have had does do did must can cannot should please only one more than too many any all each every",
    "per your you already yet but if when",
    // Braze's terms
    "success bad request requests invalid valid required missing provided unknown unspecified mismatched",
    "exceeded exceeds limit limits rate max maximum min minimum length input number count quota daily",
    "id ids campaign campaigns campaign_id canvas canvas_id message messages variant message_variation_id type",
    "recipient recipients external_id external_ids external_user_id user users user_alias user_aliases",
    "alias aliases alias_name alias_label braze_id phone phones email subscription subscription_group_id",
    "group groups state status trigger trigger_properties api_trigger_properties properties property",
    "attributes attribute events event purchases send send_id sends broadcast audience segment schedule",
    "api key keys rest endpoint permission permissions authorized unauthorized forbidden access denied",
    "not_found found internal server error errors timeout timed out unavailable payload body json",
    "parameter parameters field fields value values array object string format date time past future",
    "archived draft stopped disabled active exist exists blacklisted blocklisted whatsapp channel template",
    "button buttons layout workspace app redacted allowed expected received duplicate",
  ]
    .join(" ")
    .split(" "),
);

const MAX_LENGTH = 120;

/** The upstream text with secrets cut, unknown words masked, digits hidden: safe for a log line. */
export function maskBrazeErrorText(upstream: string, secrets: readonly string[] = []): string {
  let text = upstream;
  for (const secret of secrets) if (secret) text = text.split(secret).join(" redacted ");
  const masked = text
    .slice(0, 2000)
    .replace(/[\p{L}\p{M}_]+/gu, (word) => (VOCABULARY.has(word.toLowerCase()) ? word : "*"))
    .replace(/\p{N}+/gu, "#")
    .replace(/[^A-Za-z_*# .,:'()[\]-]/g, " ")
    .replace(/\*(?:[\s.'-]*\*)+/g, "*")
    .replace(/#(?:[\s.()-]*#)+/g, "#");
  return masked.replace(/\s+/g, " ").trim().slice(0, MAX_LENGTH);
}
