// zod schemas for the Braze REST requests and responses this Worker uses; a schema and its type share a name.
import { z } from "zod";

/** Success and fatal answers share this shape: {"message": "success" | <error>, "errors"?: [...]} */
export const BrazeResponse = z.looseObject({
  message: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
});
export type BrazeResponse = z.infer<typeof BrazeResponse>;

export const TriggerSendResponse = BrazeResponse.extend({ dispatch_id: z.string().optional() });
export type TriggerSendResponse = z.infer<typeof TriggerSendResponse>;

export const UsersTrackResponse = BrazeResponse.extend({
  attributes_processed: z.number().optional(),
  events_processed: z.number().optional(),
});
export type UsersTrackResponse = z.infer<typeof UsersTrackResponse>;

/** Who a message goes to: the external_id, or Braze's "phone" alias for numbers Braze does not know yet. */
export type Recipient = { externalUserId: string } | { phoneAlias: string };

/** How /campaigns/trigger/send names a recipient. */
export function recipientIdentifier(recipient: Recipient): Record<string, unknown> {
  return "externalUserId" in recipient
    ? { external_user_id: recipient.externalUserId }
    : phoneAlias(recipient.phoneAlias);
}

/** How /users/track names a profile (the same person; the external id key is spelled differently). */
export function profileIdentifier(recipient: Recipient): Record<string, unknown> {
  return "externalUserId" in recipient ? { external_id: recipient.externalUserId } : phoneAlias(recipient.phoneAlias);
}

function phoneAlias(phone: string) {
  return { user_alias: { alias_label: "phone", alias_name: phone } };
}
