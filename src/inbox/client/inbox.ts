// The inbox page's controller: sign-in, loading (a burst of live events becomes one fetch of each kind), which
// conversation is open, and the live connection. It owns the state; the views only draw it. The only thing it
// puts in the URL is the open conversation's opaque id (#c=<id>).
import type { InboxPageConfig } from "../page";
import { type AgentApiClient, ApiError, agentApiClient } from "./agent-api-client";
import { renderControls, renderConversation, renderTimes } from "./conversation-view";
import type { InboxElements } from "./elements";
import { type InboxState, initialState } from "./inbox-state";
import { LiveSocket } from "./live-socket";
import { renderQueue } from "./queue-view";
import { forgetToken, readToken, storeToken } from "./session-token";

const SIGN_IN_HOW = {
  access: "via Cloudflare Access",
  token: "with an agent token",
  local: "local demo, no sign-in needed",
};
const ID_RE = /^[0-9a-f]{8,128}$/i;
/** Live events arriving together are fetched once, this long after the last of them. */
const REFRESH_COALESCE_MS = 60;

type Wanted = { queue?: boolean; conversation?: boolean };

export class Inbox {
  readonly state: InboxState;
  readonly api: AgentApiClient;
  private readonly live: LiveSocket;
  private readonly wanted = { queue: false, conversation: false };
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private loading = false;

  constructor(
    private readonly config: InboxPageConfig,
    readonly ui: InboxElements,
  ) {
    this.state = initialState(readToken(config.tokenKey));
    this.api = agentApiClient({
      apiPath: config.apiPath,
      token: () => this.state.token,
      onUnauthorized: () => this.signedOut(this.state.me ? "Your sign-in has expired; sign in again." : ""),
    });
    const url = `${location.protocol === "https:" ? "wss://" : "ws://"}${location.host}${config.livePath}`;
    this.live = new LiveSocket(url, {
      token: () => this.state.token,
      signedIn: () => this.state.me !== null,
      onOpen: () => {
        this.setLive("on", "live");
        this.refresh({ queue: true, conversation: true }); // whatever changed while we were away
      },
      onChanged: (id) => this.refresh({ queue: true, conversation: id === this.state.selected }),
      onDropped: () => this.setLive("off", "reconnecting…"),
      stillSignedIn: () =>
        this.api.me().then(
          () => true,
          () => this.state.me !== null,
        ),
    });
  }

  // ---- sign-in ---------------------------------------------------------------------------------------
  async signIn(): Promise<void> {
    let data: Awaited<ReturnType<AgentApiClient["me"]>>;
    try {
      data = await this.api.me();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401))
        this.showSignIn(`The inbox cannot sign you in: ${messageOf(e)}`);
      return;
    }
    const { ui, state } = this;
    state.me = data.agent;
    state.auth = data.auth;
    ui.signIn.hidden = true;
    ui.app.hidden = false;
    ui.me.textContent = `Signed in as ${data.agent.name} (${SIGN_IN_HOW[data.auth] || data.auth})`;
    ui.me.hidden = false;
    ui.signOut.hidden = data.auth !== "token";
    this.selectFromHash();
    this.refresh({ queue: true, conversation: true });
    this.live.connect();
  }

  /** The sign-in form was sent: try the token, and say so if it was not accepted. */
  async useToken(token: string): Promise<void> {
    this.state.token = token;
    storeToken(this.config.tokenKey, token);
    this.ui.signInError.textContent = "";
    await this.signIn();
    if (!this.state.me) this.ui.signInError.textContent = "That token was not accepted.";
  }

  signedOut(why: string): void {
    if (this.state.token) {
      forgetToken(this.config.tokenKey);
      this.state.token = null;
    }
    this.state.me = null;
    this.live.disconnect();
    this.showSignIn(why);
  }

  private showSignIn(why: string): void {
    const { ui } = this;
    ui.app.hidden = true;
    ui.me.hidden = true;
    ui.signOut.hidden = true;
    ui.signIn.hidden = false;
    ui.signInError.textContent = why;
    this.setLive("off", "signed out");
    ui.token.focus();
  }

  // ---- loading, coalesced -----------------------------------------------------------------------------
  refresh(what: Wanted): void {
    if (what.queue) this.wanted.queue = true;
    if (what.conversation) this.wanted.conversation = true;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.runRefresh(), REFRESH_COALESCE_MS);
  }

  private async runRefresh(): Promise<void> {
    if (this.loading || !this.state.me) return;
    this.loading = true;
    const queue = this.wanted.queue;
    const selected = this.wanted.conversation ? this.state.selected : null;
    this.wanted.queue = this.wanted.conversation = false;
    try {
      await Promise.all([queue && this.loadQueue(), selected && this.loadConversation(selected)]);
    } catch (e) {
      this.notice(messageOf(e), true);
    } finally {
      this.loading = false;
      if (this.wanted.queue || this.wanted.conversation) this.refresh({});
    }
  }

  private async loadQueue(): Promise<void> {
    const data = await this.api.queue();
    this.state.queue = data.conversations || [];
    this.renderQueue();
  }

  private async loadConversation(id: string): Promise<void> {
    let data: Awaited<ReturnType<AgentApiClient["conversation"]>>;
    try {
      data = await this.api.conversation(id);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
        this.select(null);
        this.notice("That conversation no longer exists.", true);
        return;
      }
      throw e;
    }
    if (id !== this.state.selected) return; // the agent picked another one meanwhile
    this.state.detail = data;
    this.renderConversation();
  }

  // ---- selection: the opaque id is the only thing in the URL --------------------------------------------
  selectFromHash(): void {
    const id = /^#c=([0-9a-f]+)$/i.exec(location.hash)?.[1];
    if (id && ID_RE.test(id)) this.select(id, true);
    else if (!location.hash) this.select(null, true); // other fragments (the skip link) keep the selection
  }

  select(id: string | null, fromHash = false): void {
    if (id === this.state.selected) return;
    this.state.selected = id;
    this.state.detail = null;
    if (!fromHash) history.replaceState(null, "", id ? `#c=${id}` : location.pathname);
    this.notice("");
    this.renderQueue();
    this.renderConversation();
    if (id) this.refresh({ conversation: true });
  }

  // ---- what the page shows --------------------------------------------------------------------------
  setLive(kind: "on" | "off", text: string): void {
    this.state.live = kind === "on";
    this.ui.live.className = `live ${kind}`;
    this.ui.liveText.textContent = text;
  }

  busy(on: boolean): void {
    this.state.busyCount += on ? 1 : -1;
    this.ui.conv.setAttribute("aria-busy", this.state.busyCount > 0 ? "true" : "false");
    renderControls(this.state, this.ui);
  }

  notice(text: string, bad = false): void {
    this.ui.notice.textContent = text;
    this.ui.notice.className = `notice${bad ? " bad" : ""}`;
  }

  renderQueue(): void {
    renderQueue(this.state, this.ui, (id) => this.select(id));
  }

  renderConversation(): void {
    renderConversation(this.state, this.ui);
  }

  /** Every 30 s: waiting times and the 24-hour window move on. */
  tick(): void {
    this.state.now = Date.now();
    if (!this.state.me) return;
    this.renderQueue();
    renderTimes(this.state, this.ui);
  }

  ping(): void {
    this.live.ping();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
