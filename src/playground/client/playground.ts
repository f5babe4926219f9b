// The playground's controller: which customer you are, sending their messages as webhooks, and polling the
// local Braze sink for what the Worker sent back. It owns the remembered chats; the views only draw them.
import { SINK_PAGE_SIZE, type SinkRecord } from "../../braze/sink-record";
import type { PlaygroundPageConfig } from "../page";
import { describeRecord } from "./braze-calls";
import { ChatView, type ReceivedItem } from "./chat-view";
import { fillForm, readForm, renderRecent } from "./customer-panel";
import type { PlaygroundElements } from "./elements";
import { loadSavedChats, remember, type SentEntry, saveChats } from "./saved-chats";
import { type Customer, digits, keyOf, webhookBody } from "./webhook-body";
import { postWebhook, readSinkPage } from "./worker-calls";

const POLL_MS = 700;
const SINK_HIGH_SAVE_MS = 2000;
const SENT_KEPT_PER_CUSTOMER = 200;
const DEFAULT_CUSTOMER: Customer = { userId: "demo-1", phone: "+14155550100", name: "Alex", language: "en" };

export class Playground {
  private readonly saved = loadSavedChats();
  private readonly sends: SinkRecord[] = [];
  private lastId = 0;
  private customer: Customer;
  private readonly chat: ChatView;

  constructor(
    private readonly config: PlaygroundPageConfig,
    private readonly ui: PlaygroundElements,
  ) {
    this.customer = this.saved.customer ?? DEFAULT_CUSTOMER;
    this.chat = new ChatView(ui, config, { resend: (entry) => void this.post(entry), send: (text) => this.send(text) });
  }

  /** Shows the remembered chats, forgetting them if the sink was wiped since, then polls the sink. */
  async start(): Promise<void> {
    fillForm(this.ui, this.customer);
    this.renderRecent();
    try {
      await this.readSink();
      if (this.lastId < (this.saved.sinkHigh || 0)) {
        this.saved.sent = {};
        this.saved.customers = [];
        this.renderRecent();
      }
    } catch {
      this.ui.banner.classList.add("show");
    }
    this.saved.sinkHigh = this.lastId;
    this.save();
    this.renderAll();
    setTimeout(() => this.poll(), POLL_MS);
    setInterval(() => {
      if (this.saved.sinkHigh === this.lastId) return;
      this.saved.sinkHigh = this.lastId;
      this.save();
    }, SINK_HIGH_SAVE_MS);
  }

  switchTo(c: Customer): void {
    this.customer = c;
    this.saved.customer = c;
    this.save();
    fillForm(this.ui, c);
    this.renderAll();
    this.renderRecent();
  }

  /** The form was edited: switch to the customer it now describes, if that is another one. */
  formEdited(): void {
    const c = readForm(this.ui);
    const now = this.customer;
    if (keyOf(c) !== keyOf(now) || c.name !== now.name || c.language !== now.language) this.switchTo(c);
  }

  send(text: string): void {
    if (!text.trim()) return;
    const c = readForm(this.ui);
    if (!c.userId && !digits(c.phone)) {
      this.ui.formHint.textContent = "Give a user_id or a phone number: Braze always sends one of them.";
      return;
    }
    if (keyOf(c) !== keyOf(this.customer)) this.switchTo(c);
    this.customer = c;
    this.saved.customer = c;
    remember(this.saved, c);
    this.renderRecent();
    const key = keyOf(c);
    const sent = this.saved.sent[key] ?? [];
    if (!sent.length) this.chat.removeIntro();
    const entry: SentEntry = { at: Date.now(), text, body: webhookBody(c, text) };
    this.saved.sent[key] = [...sent, entry].slice(-SENT_KEPT_PER_CUSTOMER);
    this.save();
    this.chat.addOut(entry);
    void this.post(entry);
  }

  private async post(entry: SentEntry): Promise<void> {
    const outcome = await postWebhook(this.config, entry.body);
    entry.ok = outcome.ok;
    if (outcome.accepted) this.chat.setTyping(true);
    entry.statuses = [...(entry.statuses ?? []), outcome.label];
    this.save();
    this.chat.paintStatus(entry);
  }

  /** Reads every new sink record; returns the last page read (what poll() shows). */
  private async readSink(): Promise<SinkRecord[]> {
    for (;;) {
      const batch = await readSinkPage(this.config, this.lastId);
      for (const rec of batch) {
        this.lastId = Math.max(this.lastId, rec.id);
        this.sends.push(rec);
      }
      if (batch.length < SINK_PAGE_SIZE) return batch;
    }
  }

  private async poll(): Promise<void> {
    try {
      const batch = await this.readSink();
      for (const received of this.aboutCustomer(batch)) this.chat.addSink(received);
      this.ui.banner.classList.remove("show");
    } catch {
      this.ui.banner.classList.add("show");
    }
    if (this.chat.typingExpired()) this.chat.setTyping(false);
    setTimeout(() => this.poll(), POLL_MS);
  }

  private aboutCustomer(records: SinkRecord[]): ReceivedItem[] {
    return records.flatMap((rec) => {
      const item = describeRecord(rec, this.customer);
      return item ? [{ rec, item }] : [];
    });
  }

  private renderAll(): void {
    this.chat.renderAll(this.saved.sent[keyOf(this.customer)] ?? [], this.aboutCustomer(this.sends));
  }

  private renderRecent(): void {
    renderRecent(this.ui, this.saved.customers, this.customer, (c) => this.switchTo(c));
  }

  private save(): void {
    saveChats(this.saved);
  }
}
