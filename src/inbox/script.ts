// The inbox's inline browser script: sign-in, the agent API, the live WebSocket and the actions. The views
// (queue, transcript) are in script-views.ts; both run inside one closure. It talks only to the agent API, puts
// nothing but an opaque conversation id in the URL, and writes untrusted text with textContent only.
// Written as String.raw so regex backslashes stay as they are; it must contain no backtick and no "${".
import { AGENT_INBOX_VIEWS } from "./script-views";

// biome-ignore lint/complexity/noUselessStringRaw: raw so a regex added later keeps its backslashes
const CORE = String.raw`
  const config = JSON.parse(document.getElementById("inbox-config").textContent);
  const $ = (id) => document.getElementById(id);
  const state = {
    me: null, auth: null, token: null, queue: [], selected: null, detail: null, socket: null, live: false,
    now: Date.now(),
  };
  try { state.token = sessionStorage.getItem(config.tokenKey); } catch (_) { state.token = null; }

  // ---- the agent API -----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }
  async function api(path, method, body) {
    const headers = { Accept: "application/json" };
    if (state.token) headers.Authorization = "Bearer " + state.token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(config.apiPath + path, {
        method: method || "GET", headers, credentials: "same-origin", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (_) {
      throw new ApiError(0, "unreachable", "The Worker is not reachable. Retrying when the connection is back.");
    }
    const data = await res.json().catch(() => ({}));
    if (res.ok) return data;
    const err = (data && data.error) || {};
    if (res.status === 401) signedOut(state.me ? "Your sign-in has expired; sign in again." : "");
    throw new ApiError(res.status, err.code || "http_" + res.status, err.message || "HTTP " + res.status);
  }
  const conversationPath = (id) => "/conversations/" + encodeURIComponent(id);

  // ---- sign-in -----------------------------------------------------------------------------------------
  async function signIn() {
    let data;
    try {
      data = await api("/me");
    } catch (e) {
      if (e.status !== 401) showSignIn("The inbox cannot sign you in: " + e.message);
      return;
    }
    state.me = data.agent;
    state.auth = data.auth;
    $("signin").hidden = true;
    $("app").hidden = false;
    const how = { access: "via Cloudflare Access", token: "with an agent token", local: "local demo, no sign-in needed" };
    $("me").textContent = "Signed in as " + state.me.name + " (" + (how[state.auth] || state.auth) + ")";
    $("me").hidden = false;
    $("sign-out").hidden = state.auth !== "token";
    selectFromHash();
    refresh({ queue: true, conversation: true });
    connect();
  }
  function showSignIn(why) {
    $("app").hidden = true;
    $("me").hidden = true;
    $("sign-out").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = why || "";
    setLive("off", "signed out");
    $("token").focus();
  }
  function signedOut(why) {
    if (state.token) {
      try { sessionStorage.removeItem(config.tokenKey); } catch (_) {}
      state.token = null;
    }
    state.me = null;
    disconnect();
    showSignIn(why);
  }
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token").value.trim();
    if (!token) return;
    state.token = token;
    try { sessionStorage.setItem(config.tokenKey, token); } catch (_) {}
    $("token").value = "";
    $("signin-error").textContent = "";
    signIn().then(() => { if (!state.me) $("signin-error").textContent = "That token was not accepted."; });
  });
  $("sign-out").addEventListener("click", () => signedOut(""));

  // ---- loading, coalesced: a burst of "changed" events becomes one fetch of each ---------------------------
  const wanted = { queue: false, conversation: false };
  let refreshTimer = 0;
  let loading = false;
  function refresh(what) {
    if (what.queue) wanted.queue = true;
    if (what.conversation) wanted.conversation = true;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(runRefresh, 60);
  }
  async function runRefresh() {
    if (loading || !state.me) return;
    loading = true;
    const queue = wanted.queue;
    const conversation = wanted.conversation && state.selected;
    wanted.queue = wanted.conversation = false;
    try {
      await Promise.all([queue && loadQueue(), conversation && loadConversation(state.selected)]);
    } catch (e) {
      notice(e.message, true);
    } finally {
      loading = false;
      if (wanted.queue || wanted.conversation) refresh({});
    }
  }
  async function loadQueue() {
    const data = await api("/conversations");
    state.queue = data.conversations || [];
    renderQueue();
  }
  async function loadConversation(id) {
    let data;
    try {
      data = await api(conversationPath(id));
    } catch (e) {
      if (e.status === 404 || e.status === 400) { select(null); notice("That conversation no longer exists.", true); return; }
      throw e;
    }
    if (id !== state.selected) return; // the agent picked another one meanwhile
    state.detail = data;
    renderConversation();
  }

  // ---- selection: the opaque id is the only thing in the URL ---------------------------------------------
  const ID_RE = /^[0-9a-f]{8,128}$/i;
  function selectFromHash() {
    const m = /^#c=([0-9a-f]+)$/i.exec(location.hash);
    if (m && ID_RE.test(m[1])) select(m[1], true);
    else if (!location.hash) select(null, true); // other fragments (the skip link) keep the selection
  }
  function select(id, fromHash) {
    if (id === state.selected) return;
    state.selected = id;
    state.detail = null;
    if (!fromHash) history.replaceState(null, "", id ? "#c=" + id : location.pathname);
    notice("");
    renderQueue();
    renderConversation();
    if (id) refresh({ conversation: true });
  }
  window.addEventListener("hashchange", selectFromHash);

  // ---- the live connection: "changed" events trigger refetches; reconnects with backoff -------------------
  let attempts = 0;
  let reconnectTimer = 0;
  function connect() {
    if (!state.me || state.socket) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.livePath;
    let ws;
    try {
      ws = state.token ? new WebSocket(url, ["braze-agent", state.token]) : new WebSocket(url);
    } catch (_) {
      return scheduleReconnect();
    }
    state.socket = ws;
    ws.addEventListener("open", () => {
      attempts = 0;
      setLive("on", "live");
      refresh({ queue: true, conversation: true }); // whatever changed while we were away
    });
    ws.addEventListener("message", (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch (_) { return; } // "pong"
      if (!msg || msg.type !== "changed") return;
      const mine = msg.conversationId === state.selected;
      refresh({ queue: true, conversation: mine });
    });
    ws.addEventListener("close", () => {
      if (state.socket !== ws) return;
      state.socket = null;
      if (!state.me) return;
      setLive("off", "reconnecting…");
      scheduleReconnect();
    });
  }
  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    const delay = Math.min(30000, 500 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
    attempts++;
    reconnectTimer = setTimeout(async () => {
      // A socket refused at the upgrade looks like any drop: ask the API whether the sign-in still holds.
      if (attempts > 2) { try { await api("/me"); } catch (_) { if (!state.me) return; } }
      connect();
    }, delay);
  }
  function disconnect() {
    clearTimeout(reconnectTimer);
    const ws = state.socket;
    state.socket = null;
    if (ws) ws.close(1000, "signed out");
  }
  function setLive(kind, text) {
    state.live = kind === "on";
    $("live").className = "live " + kind;
    $("live-text").textContent = text;
  }
  setInterval(() => { if (state.socket && state.socket.readyState === 1) state.socket.send("ping"); }, 25000);
  // Without the socket, a slow poll keeps the page roughly current until it reconnects.
  setInterval(() => { if (state.me && !state.live) refresh({ queue: true, conversation: true }); }, 15000);
  setInterval(() => { state.now = Date.now(); if (state.me) { renderQueue(); renderTimes(); } }, 30000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.me) refresh({ queue: true, conversation: true });
  });

  // ---- actions -----------------------------------------------------------------------------------------
  /** Claim, release or close; the answer's conversation is shown at once, the rest follows by refetch. */
  async function act(action, done) {
    const id = state.selected;
    if (!id) return false;
    busy(true);
    try {
      const data = await api(conversationPath(id) + "/" + action, "POST");
      if (data && data.conversation && state.detail && id === state.selected) state.detail.conversation = data.conversation;
      notice(done);
      return true;
    } catch (e) {
      if (e.code === "already_claimed") notice("Someone else claimed it first.", true);
      else notice(e.message, true);
      return false;
    } finally {
      busy(false);
      renderConversation();
      refresh({ queue: true, conversation: true });
    }
  }
  $("claim").addEventListener("click", async () => {
    if (await act("claim", "Claimed: you are handling this conversation.")) $("reply-input").focus();
  });
  $("release").addEventListener("click", () => act("release", "Released: the bot answers this customer again."));
  $("close").addEventListener("click", () => act("close", "Conversation closed."));

  async function sendReply() {
    const input = $("reply-input");
    const text = input.value;
    const id = state.selected;
    if (!text.trim() || !id || input.disabled) return;
    busy(true);
    try {
      const data = await api(conversationPath(id) + "/reply", "POST", { text });
      input.value = "";
      if (state.detail && id === state.selected && data.message) {
        const known = state.detail.transcript.some((m) => m.id === data.message.id);
        if (!known) state.detail.transcript.push(data.message);
        renderConversation();
      }
    } catch (e) {
      notice(e.status === 409 ? "You no longer hold this conversation; your text was not sent." : e.message, true);
    } finally {
      busy(false);
      refresh({ conversation: true, queue: true });
      input.focus();
    }
  }
  $("composer").addEventListener("submit", (e) => { e.preventDefault(); sendReply(); });
  $("reply-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendReply(); }
  });
  $("back").addEventListener("click", () => select(null));

  let busyCount = 0;
  function busy(on) {
    busyCount += on ? 1 : -1;
    $("conv").setAttribute("aria-busy", busyCount > 0 ? "true" : "false");
    renderControls();
  }
  function notice(text, bad) {
    $("notice").textContent = text;
    $("notice").className = "notice" + (bad ? " bad" : "");
  }
`;

export const AGENT_INBOX_SCRIPT = `
(() => {
  "use strict";
${CORE}
${AGENT_INBOX_VIEWS}
  signIn();
})();
`;
