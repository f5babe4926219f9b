// The chat pane: the customer's webhooks on the right (with the Worker's answers and a resend button) and what
// reached Braze on the left (reply bubbles with quick replies, notes for subscription and profile calls), each
// with its raw request, in time order. Untrusted text only ever becomes text nodes.
import type { SinkRecord } from "../../braze/sink-record";
import { clock, el } from "../../html/client/dom";
import type { PlaygroundPageConfig } from "../page";
import type { ChatItem } from "./braze-calls";
import type { PlaygroundElements } from "./elements";
import type { SentEntry } from "./saved-chats";
import { formatWhatsApp } from "./whatsapp-format";

/** How long "typing…" shows after an accepted webhook if no reply comes. */
const TYPING_TIMEOUT_MS = 20_000;

export interface ChatActions {
  resend(entry: SentEntry): void;
  send(text: string): void;
}

export interface ReceivedItem {
  rec: SinkRecord;
  item: ChatItem;
}

/** The meta line under a bubble: a toggle for the raw request, and the time. */
function raw(summary: string, text: string, at: number, extra?: Node): HTMLDetailsElement {
  const head = el("summary", "", el("span", "toggle", summary));
  if (at) head.append(el("span", "time", clock(at)));
  const details = el("details", "raw", head, el("pre", "mono", text));
  if (extra) details.append(extra);
  return details;
}

function statusText(entry: SentEntry): string {
  if (!entry.statuses?.length) return "sending…";
  return entry.statuses.join(" · then ");
}

export class ChatView {
  private lastKind = "";
  private typingUntil = 0;
  private readonly statusEls = new WeakMap<SentEntry, HTMLElement>();

  constructor(
    private readonly ui: PlaygroundElements,
    private readonly config: PlaygroundPageConfig,
    private readonly actions: ChatActions,
  ) {}

  addOut(entry: SentEntry): void {
    const bubble = el("div", "bubble", entry.text);
    const again = el("button", "btn again", "Send again, like a Braze retry");
    again.type = "button";
    again.addEventListener("click", () => this.actions.resend(entry));
    const request = `POST ${this.config.webhookPath}\nAuthorization: Bearer ${this.config.token}\nContent-Type: application/json\n\n${entry.body}`;
    bubble.append(raw("webhook request", request, entry.at, again));
    const status = el("div", "status", statusText(entry));
    this.statusEls.set(entry, status);
    this.paintStatus(entry);
    this.row("out", bubble, status);
  }

  paintStatus(entry: SentEntry): void {
    const status = this.statusEls.get(entry);
    if (!status) return;
    status.textContent = statusText(entry);
    status.className = `status${entry.ok === false ? " error" : ""}`;
  }

  addSink({ rec, item }: ReceivedItem): void {
    const request = `POST ${rec.path}\n\n${JSON.stringify(rec.body, null, 2)}`;
    if (item.kind === "note") {
      this.row("note", el("div", "notebox", item.text, raw("Braze request", request, 0)));
      return;
    }
    const bubble = el("div", "bubble");
    formatWhatsApp(item.text, bubble);
    if (item.buttons.length) bubble.append(this.quickReplies(item.buttons));
    bubble.append(raw("Braze request", request, rec.at));
    this.row("in", bubble);
    if (item.facts.length) {
      this.row("note", el("div", "notebox", `Braze: profile updated with the reply (${item.facts.join(", ")})`));
    }
    this.setTyping(false);
  }

  /** Rebuilds the chat for one customer: their webhooks and the sink records about them, in time order. */
  renderAll(sent: SentEntry[], received: ReceivedItem[]): void {
    for (const r of Array.from(this.ui.messages.querySelectorAll(".row:not(#typing)"))) r.remove();
    this.lastKind = "";
    const items = [
      ...sent.map((entry) => ({ at: entry.at, show: () => this.addOut(entry) })),
      ...received.map((r) => ({ at: r.rec.at, show: () => this.addSink(r) })),
    ].sort((a, b) => a.at - b.at);
    if (!items.length) {
      this.row(
        "note",
        el("div", "notebox intro", "No messages yet with this customer. Say hi, or try a hint on the left."),
      );
    }
    for (const item of items) item.show();
    this.setTyping(false);
    this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
  }

  removeIntro(): void {
    for (const intro of this.ui.messages.querySelectorAll(".intro")) intro.closest(".row")?.remove();
  }

  setTyping(on: boolean): void {
    this.typingUntil = on ? Date.now() + TYPING_TIMEOUT_MS : 0;
    this.ui.typing.hidden = !on;
    this.ui.subtitle.textContent = on ? "typing…" : "replies land in the local Braze sink";
    this.ui.subtitle.className = on ? "typing" : "";
    if (on) this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
  }

  typingExpired(): boolean {
    return this.typingUntil !== 0 && Date.now() > this.typingUntil;
  }

  /** Tapping a quick reply sends its label, as WhatsApp does. */
  private quickReplies(labels: string[]): HTMLDivElement {
    const choices = el("div", "quick-replies");
    for (const label of labels) {
      const b = el("button", "btn quick-reply", label);
      b.type = "button";
      b.addEventListener("click", () => this.actions.send(label));
      choices.append(b);
    }
    return choices;
  }

  private row(kind: "in" | "out" | "note", ...children: Node[]): HTMLDivElement {
    const r = el("div", `row ${kind}${kind !== this.lastKind && kind !== "note" ? " tail" : ""}`, ...children);
    this.lastKind = kind;
    const box = this.ui.messages;
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.insertBefore(r, this.ui.typing);
    if (stick || kind === "out") box.scrollTop = box.scrollHeight;
    return r;
  }
}
