// The /playground page: the HTML document (inline CSS; the script is the static asset PLAYGROUND_SCRIPT_PATH,
// built from src/playground/client) where a developer chats as a WhatsApp customer against the local Worker and
// sees what it would send to Braze.
import { documentHead, escapeHtml, jsonForScript } from "../html/document";
import { LANGUAGES } from "../i18n/languages";
import { PLAYGROUND_CSS } from "./styles";

/** The bundle of src/playground/client/main.ts, served by the Worker only where it serves this page. */
export const PLAYGROUND_SCRIPT_PATH = "/assets/playground.js";

/** What the page hands its script, in the #playground-config block (read by src/playground/client/main.ts). */
export interface PlaygroundPageConfig {
  token: string;
  webhookPath: string;
  sendsPath: string;
}

export interface PlaygroundOptions {
  /** The webhook bearer token the page sends, as Braze would. Only ever served on a loopback host. */
  token: string;
  /** The per-response CSP nonce that lets exactly this page's inline style apply. */
  nonce: string;
  webhookPath?: string;
  sendsPath?: string;
}

export const PLAYGROUND_HINTS = [
  "Where is my order?",
  "How long does delivery take?",
  "Can I return a jacket?",
  "What are your opening hours?",
  "AGENT",
  "STOP",
  "START",
  "RESET",
];

export function playgroundPage(options: PlaygroundOptions): string {
  const webhookPath = options.webhookPath ?? "/webhooks/whatsapp";
  const sendsPath = options.sendsPath ?? "/local/braze/sends";
  const config = jsonForScript({ token: options.token, webhookPath, sendsPath } satisfies PlaygroundPageConfig);
  const nonce = escapeHtml(options.nonce);
  const hints = PLAYGROUND_HINTS.map((h) => `<button type="button" class="chip">${escapeHtml(h)}</button>`).join("");
  const languages = ["", ...LANGUAGES]
    .map((l) => `<option value="${escapeHtml(l)}">${l ? escapeHtml(l) : "(blank)"}</option>`)
    .join("");
  const head = documentHead({
    title: "WhatsApp playground · Braze WhatsApp assistant",
    iconSvg:
      "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='8' fill='%2300a884'/%3E%3C/svg%3E",
    nonce,
    css: PLAYGROUND_CSS,
  });
  return `${head}
<div class="app">
  <aside class="side">
    <header>
      <h1><span class="dot"></span>WhatsApp playground</h1>
      <p><strong>You are the customer.</strong> Messages go to <code>${escapeHtml(webhookPath)}</code> exactly as Braze would send them;
      replies are what the Worker would have sent to Braze.</p>
      <p>Nothing leaves this machine: <code>BRAZE_REST_ENDPOINT=local</code> records Braze calls in a local sink.</p>
      <p><a href="/agent" target="_blank" rel="noopener">Open the agent inbox</a> in another tab to answer as a person:
      send <b>AGENT</b> here first.</p>
    </header>
    <section>
      <h2>Customer</h2>
      <form id="customer" autocomplete="off">
        <label>Braze user_id (external_id)<input id="user-id" placeholder="empty: a number Braze does not know"></label>
        <label>Phone number<input id="phone" inputmode="tel" placeholder="+14155550100"></label>
        <div class="grid2">
          <label>Display name<input id="name" placeholder="WhatsApp profile name"></label>
          <label>Language<select id="language">${languages}</select></label>
        </div>
        <p class="hint" id="form-hint">Phone only = an unknown number, answered through Braze's <code>phone</code> user alias.</p>
        <div class="buttons">
          <button type="button" class="btn primary" id="new-customer">New customer</button>
          <button type="button" class="btn" id="new-number">Unknown number</button>
        </div>
      </form>
    </section>
    <section>
      <h2>Try</h2>
      <div class="chips">${hints}</div>
    </section>
    <section id="recent-section" hidden>
      <h2>Recent customers</h2>
      <ul class="recent" id="recent"></ul>
    </section>
    <footer>Raw recordings: <a href="${escapeHtml(sendsPath)}" target="_blank" rel="noopener">${escapeHtml(sendsPath)}</a>
      · <a href="/health" target="_blank" rel="noopener">/health</a></footer>
  </aside>
  <main class="chat">
    <header>
      <div class="avatar">N</div>
      <div class="who"><strong>Northwind Outfitters</strong><span id="subtitle">replies land in the local Braze sink</span></div>
      <div class="as" id="as"></div>
    </header>
    <div class="banner" id="banner">The Worker is not answering. Is <code>npm start</code> still running? Retrying…</div>
    <div class="messages" id="messages" aria-live="polite">
      <div class="row in typing-row" id="typing" hidden><div class="bubble"><i></i><i></i><i></i></div></div>
    </div>
    <form class="composer" id="composer">
      <textarea id="input" rows="1" placeholder="Type a message as the customer (Enter sends, Shift+Enter: new line)" autofocus></textarea>
      <button class="send" type="submit" aria-label="Send"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M1.1 21.8 23 12 1.1 2.2 1 9.8l15.7 2.2L1 14.2z"/></svg></button>
    </form>
  </main>
</div>
<script type="application/json" id="playground-config">${config}</script>
<script type="module" src="${PLAYGROUND_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
