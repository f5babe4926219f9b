// The inbox script's views: the queue, the conversation header, the transcript with delivery states, the
// 24-hour window line and which controls are enabled. Text reaches the page only through createElement,
// append and textContent, never as HTML. Runs inside the closure of script.ts (uses its `state` and `$`).
// Written as String.raw; it must contain no backtick and no "${".
// biome-ignore lint/complexity/noUselessStringRaw: raw so a regex added later keeps its backslashes
export const AGENT_INBOX_VIEWS = String.raw`
  // ---- small helpers -----------------------------------------------------------------------------------
  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const c of children) if (c !== null && c !== undefined && c !== "") node.append(c);
    return node;
  }
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  function duration(ms) {
    const min = Math.max(0, Math.floor(ms / 60000));
    if (min < 1) return "under a minute";
    if (min < 60) return min + " min";
    const h = Math.floor(min / 60);
    if (h < 48) return h + " h " + (min % 60) + " min";
    return Math.floor(h / 24) + " days";
  }
  const isMine = (c) => !!(c && c.status === "agent" && c.claimedBy && state.me && c.claimedBy.id === state.me.id);
  const nameOf = (c) => c.customerName || "Unknown customer";
  const ROLE = { customer: "Customer", assistant: "Bot", agent: "Agent", system: "System" };
  const DELIVERY = {
    queued: "Queued for Braze",
    held: "Held: sent when the customer writes again",
    accepted: "Accepted by Braze",
    failed: "Failed: Braze did not take it",
  };
  const DELIVERY_WHY = "The Worker cannot see WhatsApp delivery receipts: accepted means Braze took the request.";

  /** The short label of a conversation's state, as the signed-in agent sees it. */
  function statusOf(c) {
    if (c.status === "waiting") return { cls: "waiting", text: "Waiting" };
    if (c.status === "agent") {
      if (isMine(c)) return { cls: "mine", text: "Yours" };
      return { cls: "taken", text: "Taken by " + (c.claimedBy ? c.claimedBy.name : "another agent") };
    }
    if (c.status === "bot") return { cls: "", text: "With the bot" };
    return { cls: "", text: "Closed" };
  }

  // ---- the queue: waiting first (longest wait on top), then claimed (mine first) ---------------------------
  function queueOrder(a, b) {
    const rank = (c) => (c.status === "waiting" ? 0 : isMine(c) ? 1 : 2);
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (rank(a) === 0) return (a.waitingSince || 0) - (b.waitingSince || 0);
    return b.updatedAt - a.updatedAt;
  }
  function queueItem(c) {
    const s = statusOf(c);
    const waiting = c.status === "waiting" && c.waitingSince;
    const meta = [c.maskedPhone, waiting ? "waiting " + duration(state.now - c.waitingSince) : null]
      .filter(Boolean).join(" · ");
    const b = el("button", "item",
      el("span", "line", el("span", "name", nameOf(c)), el("span", "tag lang", c.language), el("span", "tag " + s.cls, s.text)),
      el("span", "meta", meta),
      el("span", "why", c.reason));
    // The last messages, one line each, so an agent can pick whom to help first without opening each one.
    for (const m of (c.lastMessages || []).slice(-3)) b.append(el("span", "preview", ROLE[m.role] + ": " + m.text));
    b.type = "button";
    b.dataset.id = c.id;
    b.setAttribute("aria-current", c.id === state.selected ? "true" : "false");
    b.addEventListener("click", () => select(c.id));
    return el("li", "", b);
  }
  function renderQueue() {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
    const list = $("queue-list");
    const items = state.queue.slice().sort(queueOrder);
    list.replaceChildren(...items.map(queueItem));
    const waiting = items.filter((c) => c.status === "waiting").length;
    $("queue-count").textContent = items.length ? "(" + waiting + " waiting, " + (items.length - waiting) + " claimed)" : "";
    $("queue-empty").hidden = items.length > 0;
    const again = focused && Array.from(list.querySelectorAll("button")).find((b) => b.dataset.id === focused);
    if (again) again.focus();
    $("app").classList.toggle("has-conv", !!state.selected);
  }

  // ---- the conversation --------------------------------------------------------------------------------
  function message(m, c) {
    const who = m.role === "customer" ? nameOf(c) : m.role === "agent" && m.agent
      ? m.agent.name + (state.me && m.agent.id === state.me.id ? " (you)" : "") : ROLE[m.role] || m.role;
    const time = el("time", "", clock(m.at));
    time.dateTime = new Date(m.at).toISOString();
    const li = el("li", "msg " + m.role, el("span", "by", el("span", "", who), time), el("div", "bubble", m.text));
    li.dataset.id = m.id;
    li.dataset.sig = JSON.stringify([m.role, m.text, m.at, who]);
    if (m.delivery && (m.role === "agent" || m.role === "assistant")) {
      const d = el("span", "delivery " + m.delivery, DELIVERY[m.delivery] || m.delivery);
      d.title = DELIVERY_WHY;
      li.append(d);
    }
    return li;
  }
  /**
   * Updates the transcript in place, keyed by message id: the list is a live region (role="log"), so only new
   * messages may be added; rebuilding it would make a screen reader read the whole conversation again.
   */
  function renderTranscript(d, c) {
    const box = $("transcript");
    const fresh = box.dataset.conv !== c.id;
    if (fresh) { box.replaceChildren(); box.dataset.conv = c.id; box.setAttribute("aria-busy", "true"); }
    const old = new Map(Array.from(box.children, (li) => [li.dataset.id, li]));
    const ids = new Set(d.transcript.map((m) => m.id));
    for (const [id, li] of old) if (!ids.has(id)) li.remove();
    let previous = null;
    for (const m of d.transcript) {
      const next = message(m, c);
      const li = old.get(m.id);
      if (li && li.dataset.sig === next.dataset.sig) {
        const was = li.querySelector(".delivery");
        const now = next.querySelector(".delivery");
        if (was && now) was.replaceWith(now); else if (now) li.append(now); else if (was) was.remove();
        if (li.previousElementSibling !== previous) (previous ? previous.after(li) : box.prepend(li));
        previous = li;
        continue;
      }
      if (li) li.replaceWith(next); else if (previous) previous.after(next); else box.prepend(next);
      previous = next;
    }
    if (fresh) box.setAttribute("aria-busy", "false");
    return fresh;
  }
  function renderConversation() {
    const d = state.detail;
    $("placeholder").hidden = !!state.selected;
    $("conv").hidden = !d;
    $("app").classList.toggle("has-conv", !!state.selected);
    if (!d) return renderControls();
    const c = d.conversation;
    $("conv-title").textContent = nameOf(c);
    $("conv-sub").textContent = [c.maskedPhone, "language " + c.language].filter(Boolean).join(" · ");
    const s = statusOf(c);
    $("conv-status").textContent = c.status === "agent" && !isMine(c) ? s.text : {
      waiting: "Waiting for an agent", agent: "You are handling this", bot: "Back with the bot", closed: "Closed",
    }[c.status];
    $("conv-status").className = "badge " + s.cls;
    $("conv-reason").textContent = "Handoff reason: " + (c.reason || "not given");
    const box = $("transcript");
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
    if (renderTranscript(d, c) || stick) box.scrollTop = box.scrollHeight;
    renderTimes();
    renderControls();
  }
  /** The 24-hour WhatsApp window: time left, or what happens to a reply once it has closed. */
  function renderTimes() {
    const w = $("conv-window");
    const d = state.detail;
    const c = d && d.conversation;
    if (!c || !c.windowClosesAt || (c.status !== "waiting" && c.status !== "agent")) { w.hidden = true; return; }
    w.hidden = false;
    const left = c.windowClosesAt - Date.now();
    w.classList.toggle("closed", left <= 0);
    if (left > 0) w.textContent = "WhatsApp's 24-hour window closes in " + duration(left) + ".";
    else if (d.templateConfigured)
      w.textContent = "The 24-hour window has closed: the customer will get the re-engagement template; your text is sent when they reply.";
    else w.textContent = "The 24-hour window has closed: the customer cannot be reached until they write again; " +
      "your text waits until then.";
  }
  function renderControls() {
    const c = state.detail && state.detail.conversation;
    const idle = busyCount === 0;
    const mine = isMine(c);
    // Claim stays in place once it is yours (disabled, relabelled): a double click must not hit Release.
    $("claim").disabled = !idle || !c || c.status !== "waiting";
    $("claim").hidden = !!c && (c.status === "bot" || c.status === "closed");
    $("claim").textContent = mine ? "Claimed" : "Claim";
    $("release").disabled = !idle || !mine;
    $("close").disabled = !idle || !mine;
    const input = $("reply-input");
    input.disabled = !mine;
    $("send").disabled = !idle || !mine;
    input.placeholder = mine ? "Reply to the customer" : !c ? "" : c.status === "waiting"
      ? "Claim the conversation to reply" : c.status === "agent" ? statusOf(c).text + ": only they can reply"
      : "This conversation is not with an agent";
  }
`;
