// What an agent does to the open conversation: claim, release, close and reply. Each answer's conversation (or
// message) is shown at once; the rest follows by refetch. Refusals become a notice, never a lost text silently.
import { ApiError, type ConversationAction } from "./agent-api-client";
import { type Inbox, messageOf } from "./inbox";

/** Claim, release or close; true when the Worker accepted it. */
export async function act(inbox: Inbox, action: ConversationAction, done: string): Promise<boolean> {
  const { state } = inbox;
  const id = state.selected;
  if (!id) return false;
  inbox.busy(true);
  try {
    const data = await inbox.api.act(id, action);
    if (data?.conversation && state.detail && id === state.selected) state.detail.conversation = data.conversation;
    inbox.notice(done);
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.code === "already_claimed") inbox.notice("Someone else claimed it first.", true);
    else inbox.notice(messageOf(e), true);
    return false;
  } finally {
    inbox.busy(false);
    inbox.renderConversation();
    inbox.refresh({ queue: true, conversation: true });
  }
}

export async function sendReply(inbox: Inbox): Promise<void> {
  const { state, ui } = inbox;
  const input = ui.replyInput;
  const text = input.value;
  const id = state.selected;
  if (!text.trim() || !id || input.disabled) return;
  inbox.busy(true);
  try {
    const data = await inbox.api.reply(id, text);
    input.value = "";
    if (state.detail && id === state.selected && data.message) {
      const known = state.detail.transcript.some((m) => m.id === data.message.id);
      if (!known) state.detail.transcript.push(data.message);
      inbox.renderConversation();
    }
  } catch (e) {
    const lost = e instanceof ApiError && e.status === 409;
    inbox.notice(lost ? "You no longer hold this conversation; your text was not sent." : messageOf(e), true);
  } finally {
    inbox.busy(false);
    inbox.refresh({ conversation: true, queue: true });
    input.focus();
  }
}
