// The /agent inbox page: the HTML document (inline CSS under a per-response nonce; the script is the static
// asset INBOX_SCRIPT_PATH, built from src/inbox/client) where agents see the queue, claim a conversation, reply and
// hand it back. It carries no data: everything it shows comes from the agent API (/agent/api/...) after sign-in.
import { documentHead, escapeHtml, jsonForScript } from "../html/document";
import { AGENT_INBOX_CSS } from "./styles";

/** The bundle of src/inbox/client/main.ts (scripts/build-client.ts), served by Workers Static Assets. */
export const INBOX_SCRIPT_PATH = "/assets/inbox.js";

/** What the page hands its script, in the #inbox-config block (read by src/inbox/client/main.ts). */
export interface InboxPageConfig {
  apiPath: string;
  livePath: string;
  /** The sessionStorage key of a token agent's token. */
  tokenKey: string;
}

export interface AgentInboxOptions {
  /** The per-response CSP nonce that lets exactly this page's inline style apply. */
  nonce: string;
  apiPath?: string;
}

export function agentInboxPage(options: AgentInboxOptions): string {
  const apiPath = options.apiPath ?? "/agent/api";
  const config = jsonForScript({
    apiPath,
    livePath: `${apiPath}/live`,
    tokenKey: "braze-agent-token",
  } satisfies InboxPageConfig);
  const nonce = escapeHtml(options.nonce);
  const head = documentHead({
    title: "Agent inbox · Braze WhatsApp assistant",
    iconSvg:
      "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%23005c4b'/%3E%3C/svg%3E",
    nonce,
    css: AGENT_INBOX_CSS,
  });
  return `${head}
<a class="skip" href="#reply-input">Skip to the reply box</a>
<header class="top">
  <h1>Agent inbox</h1>
  <p class="live" id="live" role="status"><span class="dot" aria-hidden="true"></span><span id="live-text">connecting…</span></p>
  <p class="me" id="me" hidden></p>
  <button type="button" class="btn quiet" id="sign-out" hidden>Sign out</button>
</header>

<section class="signin" id="signin" aria-labelledby="signin-title" hidden>
  <h2 id="signin-title">Sign in</h2>
  <p id="signin-why">This inbox needs an agent sign-in.</p>
  <p>In production the Worker sits behind <strong>Cloudflare Access</strong>: open this page through your Access
  login and you are signed in automatically. Without Access, paste the agent token your administrator gave you
  (one entry of the <code>AGENT_TOKENS</code> secret). It is kept only in this tab (sessionStorage) until you close it.</p>
  <form id="signin-form" autocomplete="off">
    <label for="token">Agent token</label>
    <div class="inline">
      <input id="token" type="password" spellcheck="false" required>
      <button type="submit" class="btn primary">Sign in</button>
    </div>
    <p class="error" id="signin-error" role="alert"></p>
  </form>
</section>

<div class="app" id="app" hidden>
  <nav class="queue" aria-labelledby="queue-title">
    <h2 id="queue-title">Queue <span class="count" id="queue-count"></span></h2>
    <p class="empty" id="queue-empty">Nobody is waiting for a person right now. New handoffs appear here by themselves.</p>
    <ul id="queue-list"></ul>
  </nav>

  <main class="conversation" id="conversation" aria-labelledby="conv-title">
    <p class="placeholder" id="placeholder">Pick a conversation from the queue.</p>
    <div class="conv" id="conv" hidden>
      <header class="conv-head">
        <button type="button" class="btn quiet back" id="back">← Queue</button>
        <div class="who">
          <h2 id="conv-title"></h2>
          <p class="sub" id="conv-sub"></p>
        </div>
        <p class="badge" id="conv-status"></p>
      </header>
      <p class="reason" id="conv-reason"></p>
      <p class="window" id="conv-window"></p>
      <ol class="transcript" id="transcript" role="log" aria-label="Transcript" tabindex="0"></ol>
      <div class="actions">
        <button type="button" class="btn primary" id="claim">Claim</button>
        <button type="button" class="btn" id="release">Release to the bot</button>
        <button type="button" class="btn danger" id="close">Close conversation</button>
        <p class="notice" id="notice" role="status"></p>
      </div>
      <form class="composer" id="composer" autocomplete="off">
        <label for="reply-input" class="visually-hidden">Reply to the customer</label>
        <textarea id="reply-input" rows="2" placeholder="Claim the conversation to reply" disabled></textarea>
        <button type="submit" class="btn primary" id="send" disabled>Send</button>
        <p class="hint" id="composer-hint">Enter sends, Shift+Enter starts a new line.</p>
      </form>
    </div>
  </main>
</div>
<script type="application/json" id="inbox-config">${config}</script>
<script type="module" src="${INBOX_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
