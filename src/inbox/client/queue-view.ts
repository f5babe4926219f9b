// The queue pane: waiting conversations first (longest wait on top), then claimed ones (mine first), each with
// its state, wait, reason and last messages. Rebuilt on every change; keyboard focus survives the rebuild.
import { el } from "../../html/client/dom";
import type { AgentIdentity, ConversationSummary } from "../api-shapes";
import type { InboxElements } from "./elements";
import type { InboxState } from "./inbox-state";
import { duration, isMine, nameOf, ROLE, statusOf } from "./labels";

function queueOrder(me: AgentIdentity | null) {
  const rank = (c: ConversationSummary) => (c.status === "waiting" ? 0 : isMine(c, me) ? 1 : 2);
  return (a: ConversationSummary, b: ConversationSummary): number => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (rank(a) === 0) return (a.waitingSince || 0) - (b.waitingSince || 0);
    return b.updatedAt - a.updatedAt;
  };
}

function queueItem(c: ConversationSummary, state: InboxState, onSelect: (id: string) => void): HTMLLIElement {
  const s = statusOf(c, state.me);
  const waiting = c.status === "waiting" && c.waitingSince;
  const meta = [c.maskedPhone, waiting ? `waiting ${duration(state.now - waiting)}` : null].filter(Boolean).join(" · ");
  const b = el(
    "button",
    "item",
    el(
      "span",
      "line",
      el("span", "name", nameOf(c)),
      el("span", "tag lang", c.language),
      el("span", `tag ${s.cls}`, s.text),
    ),
    el("span", "meta", meta),
    el("span", "why", c.reason),
  );
  // The last messages, one line each, so an agent can pick whom to help first without opening each one.
  for (const m of (c.lastMessages || []).slice(-3)) b.append(el("span", "preview", `${ROLE[m.role]}: ${m.text}`));
  b.type = "button";
  b.dataset.id = c.id;
  b.setAttribute("aria-current", c.id === state.selected ? "true" : "false");
  b.addEventListener("click", () => onSelect(c.id));
  return el("li", "", b);
}

export function renderQueue(state: InboxState, ui: InboxElements, onSelect: (id: string) => void): void {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement ? active.dataset.id : undefined;
  const items = state.queue.slice().sort(queueOrder(state.me));
  ui.queueList.replaceChildren(...items.map((c) => queueItem(c, state, onSelect)));
  const waiting = items.filter((c) => c.status === "waiting").length;
  ui.queueCount.textContent = items.length ? `(${waiting} waiting, ${items.length - waiting} claimed)` : "";
  ui.queueEmpty.hidden = items.length > 0;
  const again = focused && Array.from(ui.queueList.querySelectorAll("button")).find((b) => b.dataset.id === focused);
  if (again) again.focus();
  ui.app.classList.toggle("has-conv", !!state.selected);
}
