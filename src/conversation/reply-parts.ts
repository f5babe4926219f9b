// Turns one reply (text + optional quick-reply buttons) into outbox parts: WhatsApp-sized text parts through
// the reply campaign, the buttons on the LAST part only, through the button campaign for that many buttons;
// numbered text choices when no such campaign is configured or the labels would break the layout.
import { checkButtons, QUICK_REPLY_BODY_MAX, QUICK_REPLY_MAX_BUTTONS, withNumberedChoices } from "../braze/buttons";
import type { Config } from "../config";
import type { Language } from "../i18n/languages";
import { text } from "../i18n/texts";
import { type LogFields, log } from "../log";
import { splitMessage } from "../whatsapp/split-message";

export interface PlannedPart {
  text: string;
  campaignId: string;
  buttons?: readonly string[];
}

export function planReplyParts(
  body: string,
  buttons: readonly string[] | undefined,
  config: Config,
  language: Language,
  logFields: LogFields,
): PlannedPart[] {
  const reply = config.braze.replyCampaignId;
  if (!buttons || buttons.length === 0) return splitMessage(body).map((part) => ({ text: part, campaignId: reply }));

  const checked = checkButtons(buttons);
  const count = buttons.length as 1 | 2 | 3;
  const campaignId = checked.ok && count <= QUICK_REPLY_MAX_BUTTONS ? config.braze.buttonCampaignIds[count] : undefined;
  if (!checked.ok || !campaignId) {
    // Never an invalid layout, never a lost choice: the customer reads the options and types one.
    log(checked.ok ? "info" : "warn", "reply.buttons_as_text", {
      ...logFields,
      buttons: buttons.length,
      reason: checked.ok ? `no campaign for ${count} buttons` : checked.why,
    });
    const withChoices = withNumberedChoices(body, buttons, text("choiceHint", language));
    return splitMessage(withChoices).map((part) => ({ text: part, campaignId: reply }));
  }

  const parts = splitMessage(body);
  // An interactive message's body is limited to 1,024 characters: the buttons' part is cut to fit.
  const last = parts.pop() ?? "";
  const tail = splitMessage(last, QUICK_REPLY_BODY_MAX);
  const head = [...parts, ...tail.slice(0, -1)].map((part) => ({ text: part, campaignId: reply }));
  return [...head, { text: tail.at(-1) ?? "", campaignId, buttons: checked.labels }];
}
