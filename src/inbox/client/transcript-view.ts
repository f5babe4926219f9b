// The open conversation's transcript: one list item per message with its author, time and delivery state,
// updated in place by message id. The list is a live region (role="log"), so only new messages may be added:
// rebuilding it would make a screen reader read the whole conversation again.
import { clock, el } from "../../html/client/dom";
import type { AgentConversationView, AgentIdentity, ConversationSummary, TranscriptMessage } from "../api-shapes";
import { DELIVERY, DELIVERY_WHY, nameOf, ROLE } from "./labels";

function authorOf(m: TranscriptMessage, c: ConversationSummary, me: AgentIdentity | null): string {
  if (m.role === "customer") return nameOf(c);
  if (m.role === "agent" && m.agent) return m.agent.name + (me && m.agent.id === me.id ? " (you)" : "");
  return ROLE[m.role] || m.role;
}

function message(m: TranscriptMessage, c: ConversationSummary, me: AgentIdentity | null): HTMLLIElement {
  const who = authorOf(m, c, me);
  const time = el("time", "", clock(m.at));
  time.dateTime = new Date(m.at).toISOString();
  const li = el("li", `msg ${m.role}`, el("span", "by", el("span", "", who), time), el("div", "bubble", m.text));
  li.dataset.id = m.id;
  li.dataset.sig = JSON.stringify([m.role, m.text, m.at, who]);
  if (m.delivery && (m.role === "agent" || m.role === "assistant")) {
    const d = el("span", `delivery ${m.delivery}`, DELIVERY[m.delivery] || m.delivery);
    d.title = DELIVERY_WHY;
    li.append(d);
  }
  return li;
}

/** Keeps an unchanged message's node (and its place) and swaps only its delivery line. */
function refreshDelivery(li: Element, next: Element): void {
  const was = li.querySelector(".delivery");
  const now = next.querySelector(".delivery");
  if (was && now) was.replaceWith(now);
  else if (now) li.append(now);
  else if (was) was.remove();
}

/** Returns true when the list was started afresh (another conversation), so the caller scrolls to the end. */
export function renderTranscript(box: HTMLOListElement, d: AgentConversationView, me: AgentIdentity | null): boolean {
  const c = d.conversation;
  const fresh = box.dataset.conv !== c.id;
  if (fresh) {
    box.replaceChildren();
    box.dataset.conv = c.id;
    box.setAttribute("aria-busy", "true");
  }
  const old = new Map(Array.from(box.children, (li) => [li instanceof HTMLElement ? li.dataset.id : undefined, li]));
  const ids = new Set(d.transcript.map((m) => m.id));
  for (const [id, li] of old) if (id === undefined || !ids.has(id)) li.remove();
  let previous: Element | null = null;
  for (const m of d.transcript) {
    const next = message(m, c, me);
    const li = old.get(m.id);
    if (li instanceof HTMLElement && li.dataset.sig === next.dataset.sig) {
      refreshDelivery(li, next);
      if (li.previousElementSibling !== previous) {
        if (previous) previous.after(li);
        else box.prepend(li);
      }
      previous = li;
      continue;
    }
    if (li) li.replaceWith(next);
    else if (previous) previous.after(next);
    else box.prepend(next);
    previous = next;
  }
  if (fresh) box.setAttribute("aria-busy", "false");
  return fresh;
}
