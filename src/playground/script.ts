// The playground's inline browser script. It posts the README's recommended webhook body exactly as Braze
// renders it, polls the local Braze sink and shows what went to Braze for the selected customer.
// Untrusted text (replies, ids) only ever reaches the page through textContent and createElement.
// Written as String.raw so regex backslashes stay as they are; it must contain no backtick and no "${".
export const PLAYGROUND_SCRIPT = String.raw`
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("playground-config").textContent);
  const $ = (id) => document.getElementById(id);
  const STORE = "wa-playground:v1";
  const PAGE = 200; // the sink lists at most this many records per call
  const POLL_MS = 700;
  const TRIGGER_SEND = "/campaigns/trigger/send";

  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (_) { saved = {}; }
  saved.sent = saved.sent || {};
  saved.customers = saved.customers || [];
  const save = () => { try { localStorage.setItem(STORE, JSON.stringify(saved)); } catch (_) {} };

  const sends = [];
  let lastId = 0;
  let lastKind = "";
  let typingUntil = 0;
  const statusEls = new WeakMap();

  // ---- customers -------------------------------------------------------------------------------------
  const digits = (s) => String(s || "").replace(/\D/g, "");
  const randomHex = (n) =>
    Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 16).toString(16)).join("");
  const randomDigits = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");
  const keyOf = (c) => (c.userId ? "ext:" + c.userId : "phone:" + digits(c.phone));
  const NAMES = ["Alex", "Sam", "Maria", "Kenji", "Lucía", "Amélie", "Jordan", "Priya"];
  let customer = saved.customer || { userId: "demo-1", phone: "+14155550100", name: "Alex", language: "en" };

  /** A stable stand-in for Braze's 24-hex braze_id, so one customer always renders the same one. */
  function fakeBrazeId(key) {
    let out = "";
    for (let seed = 1; out.length < 24; seed++) {
      let h = 0x811c9dc5 ^ seed;
      for (const ch of key) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
      out += h.toString(16).padStart(8, "0");
    }
    return out.slice(0, 24);
  }

  /** The README's recommended body, as Braze renders it: every string json_escape'd, message last. */
  function webhookBody(c, text) {
    const body = {
      escaped: true,
      user_id: c.userId,
      phone_number: c.phone,
      braze_id: fakeBrazeId(keyOf(c)),
      message_id: randomHex(24),
      sent_at: String(Math.floor(Date.now() / 1000)),
      profile_name: c.name,
      language: c.language,
      media_urls: "",
      message: text,
    };
    return JSON.stringify(body, null, 2);
  }

  function fillForm() {
    $("user-id").value = customer.userId;
    $("phone").value = customer.phone;
    $("name").value = customer.name;
    $("language").value = customer.language;
    $("as").replaceChildren("as ", bold(customer.userId || "unknown number"), customer.phone ? " · " + customer.phone : "");
  }
  function readForm() {
    return {
      userId: $("user-id").value.trim(),
      phone: $("phone").value.trim(),
      name: $("name").value.trim(),
      language: $("language").value,
    };
  }
  function switchTo(c) {
    customer = c;
    saved.customer = c;
    save();
    fillForm();
    renderAll();
    renderRecent();
  }
  function remember(c) {
    saved.customers = [c].concat(saved.customers.filter((o) => keyOf(o) !== keyOf(c))).slice(0, 8);
  }
  function renderRecent() {
    const list = $("recent");
    list.replaceChildren();
    for (const c of saved.customers) {
      const b = el("button", keyOf(c) === keyOf(customer) ? "current" : "");
      b.type = "button";
      b.append(el("span", "", c.name || c.userId || c.phone), el("span", "sub", c.userId ? c.userId : "phone only " + c.phone));
      b.addEventListener("click", () => switchTo(c));
      list.append(el("li", "", b));
    }
    $("recent-section").hidden = saved.customers.length === 0;
  }

  // ---- which Braze calls concern the selected customer ----------------------------------------------
  function mentions(value, c, depth) {
    if (!value || typeof value !== "object" || depth > 6) return false;
    if (Array.isArray(value)) return value.some((v) => mentions(v, c, depth + 1));
    const phone = digits(c.phone);
    for (const [k, v] of Object.entries(value)) {
      if ((k === "external_id" || k === "external_user_id") && c.userId && v === c.userId) return true;
      if (k === "external_ids" && c.userId && Array.isArray(v) && v.includes(c.userId)) return true;
      if ((k === "phone" || k === "phones" || k === "alias_name") && phone && [].concat(v).some((p) => digits(p) === phone)) return true;
      if (typeof v === "object" && mentions(v, c, depth + 1)) return true;
    }
    return false;
  }
  /** What one sink record means for the customer: a reply bubble, a system note, or nothing. */
  function describe(rec, c) {
    const body = rec.body || {};
    if (!mentions(body, c, 0)) return null;
    if (rec.path === TRIGGER_SEND) {
      const r = (body.recipients || []).find((x) => mentions(x, c, 0));
      const props = (r && r.trigger_properties) || {};
      const text = props.external_system_msg_body;
      // A button campaign's labels (docs/braze-campaigns.md) and chat facts riding on the send.
      const buttons = ["button_1", "button_2", "button_3"].map((k) => props[k]).filter((b) => typeof b === "string");
      const facts = r && r.attributes ? Object.keys(r.attributes).map((k) => k + " = " + JSON.stringify(r.attributes[k])) : [];
      if (typeof text === "string") return { kind: "in", text, buttons, facts };
      return { kind: "note", text: "Braze: campaign " + (body.campaign_id || "") + " triggered" };
    }
    if (rec.path === "/v2/subscription/status/set") {
      const group = (body.subscription_groups || [])[0] || {};
      const to = group.subscription_state === "unsubscribed" ? "unsubscribed from" : "subscribed to";
      return { kind: "note", text: "Braze: " + to + " group " + group.subscription_group_id };
    }
    if (rec.path === "/users/track") {
      const ids = new Set(["external_id", "user_alias", "braze_id", "phone", "time", "name", "properties"]);
      const attrs = (body.attributes || []).flatMap((a) => Object.keys(a).filter((k) => !ids.has(k)).map((k) => k + " = " + JSON.stringify(a[k])));
      const events = (body.events || []).map((e) => "event " + e.name);
      return { kind: "note", text: "Braze: profile updated" + (attrs.concat(events).length ? " (" + attrs.concat(events).join(", ") + ")" : "") };
    }
    return { kind: "note", text: "Braze: POST " + rec.path };
  }

  // ---- rendering -----------------------------------------------------------------------------------
  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    node.append(...children);
    return node;
  }
  const bold = (t) => el("b", "", t);
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const BT = String.fromCharCode(96);
  const INLINE = new RegExp("(?<![\\p{L}\\p{N}])([*_~" + BT + "])(?=\\S)([^\\n]*?\\S)\\1(?![\\p{L}\\p{N}])", "u");
  const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/;
  const TAGS = { "*": "strong", _: "em", "~": "s" };

  /** WhatsApp's *bold*, _italic_, ~strike~, monospace and links, built as DOM nodes. */
  function formatInline(text, into) {
    while (text) {
      const m = INLINE.exec(text);
      const u = URL_RE.exec(text);
      if (u && (!m || u.index < m.index)) {
        into.append(text.slice(0, u.index));
        const a = el("a", "", u[0]);
        a.href = u[0];
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        into.append(a);
        text = text.slice(u.index + u[0].length);
        continue;
      }
      if (!m) { into.append(text); return; }
      into.append(text.slice(0, m.index));
      if (m[1] === BT) into.append(el("code", "", m[2]));
      else formatInline(m[2], into.appendChild(el(TAGS[m[1]], "")));
      text = text.slice(m.index + m[0].length);
    }
  }
  function formatWhatsApp(text, into) {
    const fence = BT + BT + BT;
    const parts = text.split(fence);
    parts.forEach((part, i) => {
      const isCode = i % 2 === 1 && i < parts.length - 1;
      if (isCode) into.append(el("pre", "code", part.replace(/^\n|\n$/g, "")));
      else {
        if (i % 2 === 1) into.append(fence); // an unclosed fence is plain text
        formatInline(part, into);
      }
    });
  }
  /** The meta line under a bubble: a toggle for the raw request, and the time. */
  function raw(summary, text, at, extra) {
    const head = el("summary", "", el("span", "toggle", summary));
    if (at) head.append(el("span", "time", clock(at)));
    const d = el("details", "raw", head, el("pre", "mono", text));
    if (extra) d.append(extra);
    return d;
  }
  function row(kind, ...children) {
    const r = el("div", "row " + kind + (kind !== lastKind && kind !== "note" ? " tail" : ""), ...children);
    lastKind = kind;
    const box = $("messages");
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.insertBefore(r, $("typing"));
    if (stick || kind === "out") box.scrollTop = box.scrollHeight;
    return r;
  }
  function statusText(entry) {
    if (!entry.statuses || !entry.statuses.length) return "sending…";
    return entry.statuses.join(" · then ");
  }
  function addOut(entry) {
    const bubble = el("div", "bubble", entry.text);
    const again = el("button", "btn again", "Send again, like a Braze retry");
    again.type = "button";
    again.addEventListener("click", () => post(entry));
    const request = "POST " + config.webhookPath + "\nAuthorization: Bearer " + config.token +
      "\nContent-Type: application/json\n\n" + entry.body;
    bubble.append(raw("webhook request", request, entry.at, again));
    const status = el("div", "status", statusText(entry));
    statusEls.set(entry, status);
    paintStatus(entry);
    row("out", bubble, status);
  }
  function paintStatus(entry) {
    const s = statusEls.get(entry);
    if (!s) return;
    s.textContent = statusText(entry);
    s.className = "status" + (entry.ok === false ? " error" : "");
  }
  function addSink(rec, d) {
    const request = "POST " + rec.path + "\n\n" + JSON.stringify(rec.body, null, 2);
    if (d.kind === "in") {
      const bubble = el("div", "bubble");
      formatWhatsApp(d.text, bubble);
      if (d.buttons && d.buttons.length) {
        // Tapping a quick reply sends its label, as WhatsApp does.
        const choices = el("div", "quick-replies");
        for (const label of d.buttons) {
          const b = el("button", "btn quick-reply", label);
          b.type = "button";
          b.addEventListener("click", () => send(label));
          choices.append(b);
        }
        bubble.append(choices);
      }
      bubble.append(raw("Braze request", request, rec.at));
      row("in", bubble);
      if (d.facts && d.facts.length) row("note", el("div", "notebox", "Braze: profile updated with the reply (" + d.facts.join(", ") + ")"));
      setTyping(false);
    } else {
      row("note", el("div", "notebox", d.text, raw("Braze request", request, 0)));
    }
  }
  function renderAll() {
    const box = $("messages");
    for (const r of Array.from(box.querySelectorAll(".row:not(#typing)"))) r.remove();
    lastKind = "";
    const items = (saved.sent[keyOf(customer)] || []).map((e) => ({ at: e.at, out: e }));
    for (const rec of sends) {
      const d = describe(rec, customer);
      if (d) items.push({ at: rec.at, rec, d });
    }
    items.sort((a, b) => a.at - b.at);
    if (!items.length) {
      row("note", el("div", "notebox intro", "No messages yet with this customer. Say hi, or try a hint on the left."));
    }
    for (const it of items) it.out ? addOut(it.out) : addSink(it.rec, it.d);
    setTyping(false);
    box.scrollTop = box.scrollHeight;
  }
  function setTyping(on) {
    typingUntil = on ? Date.now() + 20000 : 0;
    $("typing").hidden = !on;
    $("subtitle").textContent = on ? "typing…" : "replies land in the local Braze sink";
    $("subtitle").className = on ? "typing" : "";
    if (on) $("messages").scrollTop = $("messages").scrollHeight;
  }

  // ---- talking to the Worker -------------------------------------------------------------------------
  async function post(entry) {
    let label;
    try {
      const res = await fetch(config.webhookPath, {
        method: "POST",
        headers: { Authorization: "Bearer " + config.token, "Content-Type": "application/json" },
        body: entry.body,
      });
      const answer = await res.json().catch(() => ({}));
      const detail = answer.status || (answer.error ? answer.error.code + ": " + answer.error.message : "");
      label = res.status + " " + detail;
      entry.ok = res.ok;
      if (res.status === 202) setTyping(true);
    } catch (_) {
      label = "not sent: the Worker is not reachable";
      entry.ok = false;
    }
    entry.statuses = (entry.statuses || []).concat(label.trim());
    save();
    paintStatus(entry);
  }
  function send(text) {
    if (!text.trim()) return;
    const c = readForm();
    if (!c.userId && !digits(c.phone)) {
      $("form-hint").textContent = "Give a user_id or a phone number: Braze always sends one of them.";
      return;
    }
    if (keyOf(c) !== keyOf(customer)) switchTo(c);
    customer = c;
    saved.customer = c;
    remember(c);
    renderRecent();
    const key = keyOf(c);
    if (!saved.sent[key] || !saved.sent[key].length) $("messages").querySelectorAll(".intro").forEach((n) => n.closest(".row").remove());
    const entry = { at: Date.now(), text, body: webhookBody(c, text) };
    saved.sent[key] = (saved.sent[key] || []).concat(entry).slice(-200);
    save();
    addOut(entry);
    post(entry);
  }
  async function readSink() {
    for (;;) {
      const res = await fetch(config.sendsPath + "?after=" + lastId, { cache: "no-store" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      const batch = (await res.json()).sends || [];
      for (const rec of batch) {
        lastId = Math.max(lastId, rec.id);
        sends.push(rec);
      }
      if (batch.length < PAGE) return batch;
    }
  }
  async function poll() {
    try {
      const batch = await readSink();
      for (const rec of batch) {
        const d = describe(rec, customer);
        if (d) addSink(rec, d);
      }
      $("banner").classList.remove("show");
    } catch (_) {
      $("banner").classList.add("show");
    }
    if (typingUntil && Date.now() > typingUntil) setTyping(false);
    setTimeout(poll, POLL_MS);
  }

  // ---- wiring ----------------------------------------------------------------------------------------
  const input = $("input");
  const grow = () => { input.style.height = "auto"; input.style.height = Math.min(input.scrollHeight, 140) + "px"; };
  const submit = () => { const t = input.value; input.value = ""; grow(); send(t); input.focus(); };
  input.addEventListener("input", grow);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  $("composer").addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  for (const chip of document.querySelectorAll(".chip")) chip.addEventListener("click", () => send(chip.textContent));
  let typingTimer;
  $("customer").addEventListener("input", () => {
    clearTimeout(typingTimer);
    $("form-hint").textContent = "";
    typingTimer = setTimeout(() => { const c = readForm(); if (keyOf(c) !== keyOf(customer) || c.name !== customer.name || c.language !== customer.language) switchTo(c); }, 350);
  });
  $("new-customer").addEventListener("click", () => {
    const name = NAMES[crypto.getRandomValues(new Uint8Array(1))[0] % NAMES.length];
    switchTo({ userId: "demo-" + randomHex(6), phone: "+1415555" + randomDigits(4), name, language: "en" });
  });
  $("new-number").addEventListener("click", () => {
    switchTo({ userId: "", phone: "+447700" + randomDigits(6), name: "", language: "" });
  });

  (async () => {
    fillForm();
    renderRecent();
    try {
      await readSink();
      // A sink that restarted empty means the Worker's storage was wiped: the kept chats are stale.
      if (lastId < (saved.sinkHigh || 0)) { saved.sent = {}; saved.customers = []; renderRecent(); }
    } catch (_) {
      $("banner").classList.add("show");
    }
    saved.sinkHigh = lastId;
    save();
    renderAll();
    setTimeout(poll, POLL_MS);
    setInterval(() => { if (saved.sinkHigh !== lastId) { saved.sinkHigh = lastId; save(); } }, 2000);
  })();
})();
`;
