// The open conversation: its header (customer, masked phone, language, state, handoff reason), the 24-hour
// WhatsApp window line, the transcript, and which of claim / release / close / reply the agent may use now.
import type { InboxElements } from "./elements";
import type { InboxState } from "./inbox-state";
import { duration, isMine, nameOf, statusOf } from "./labels";
import { renderTranscript } from "./transcript-view";

const HEADLINE = {
  waiting: "Waiting for an agent",
  agent: "You are handling this",
  bot: "Back with the bot",
  closed: "Closed",
} as const;

export function renderConversation(state: InboxState, ui: InboxElements): void {
  const d = state.detail;
  ui.placeholder.hidden = !!state.selected;
  ui.conv.hidden = !d;
  ui.app.classList.toggle("has-conv", !!state.selected);
  if (!d) {
    renderControls(state, ui);
    return;
  }
  const c = d.conversation;
  ui.convTitle.textContent = nameOf(c);
  ui.convSub.textContent = [c.maskedPhone, `language ${c.language}`].filter(Boolean).join(" · ");
  const s = statusOf(c, state.me);
  ui.convStatus.textContent = c.status === "agent" && !isMine(c, state.me) ? s.text : HEADLINE[c.status];
  ui.convStatus.className = `badge ${s.cls}`;
  ui.convReason.textContent = `Handoff reason: ${c.reason || "not given"}`;
  const box = ui.transcript;
  const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  if (renderTranscript(box, d, state.me) || stick) box.scrollTop = box.scrollHeight;
  renderTimes(state, ui);
  renderControls(state, ui);
}

/** The 24-hour WhatsApp window: time left, or what happens to a reply once it has closed. */
export function renderTimes(state: InboxState, ui: InboxElements): void {
  const w = ui.convWindow;
  const d = state.detail;
  const c = d?.conversation;
  if (!d || !c?.windowClosesAt || (c.status !== "waiting" && c.status !== "agent")) {
    w.hidden = true;
    return;
  }
  w.hidden = false;
  const left = c.windowClosesAt - Date.now();
  w.classList.toggle("closed", left <= 0);
  if (left > 0) w.textContent = `WhatsApp's 24-hour window closes in ${duration(left)}.`;
  else if (d.templateConfigured)
    w.textContent =
      "The 24-hour window has closed: the customer will get the re-engagement template; your text is sent when they reply.";
  else
    w.textContent =
      "The 24-hour window has closed: the customer cannot be reached until they write again; your text waits until then.";
}

export function renderControls(state: InboxState, ui: InboxElements): void {
  const c = state.detail?.conversation;
  const idle = state.busyCount === 0;
  const mine = isMine(c, state.me);
  // Claim stays in place once it is yours (disabled, relabelled): a double click must not hit Release.
  ui.claim.disabled = !idle || !c || c.status !== "waiting";
  ui.claim.hidden = !!c && (c.status === "bot" || c.status === "closed");
  ui.claim.textContent = mine ? "Claimed" : "Claim";
  ui.release.disabled = !idle || !mine;
  ui.close.disabled = !idle || !mine;
  ui.replyInput.disabled = !mine;
  ui.send.disabled = !idle || !mine;
  ui.replyInput.placeholder = replyPlaceholder(state);
}

function replyPlaceholder(state: InboxState): string {
  const c = state.detail?.conversation;
  if (isMine(c, state.me)) return "Reply to the customer";
  if (!c) return "";
  if (c.status === "waiting") return "Claim the conversation to reply";
  if (c.status === "agent") return `${statusOf(c, state.me).text}: only they can reply`;
  return "This conversation is not with an agent";
}
