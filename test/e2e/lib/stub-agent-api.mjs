// An in-memory agent API (the contract of docs/handoff.md: /agent/api/...) served to the real inbox page through
// Playwright's request and WebSocket interception, so the page's edge cases (a closed 24-hour window, a failed
// delivery, hostile text, a dropped socket, a lost claim race) can be shown without staging them in the Worker.
const HOUR = 3_600_000;

export function summary(overrides = {}) {
  const now = Date.now();
  return {
    id: "a".repeat(64),
    status: "waiting",
    reason: "customer asked for a person",
    language: "en",
    customerName: "Alex",
    maskedPhone: "+1 •••• •• 0100",
    lastMessages: [],
    waitingSince: now - 4 * 60_000,
    claimedBy: null,
    windowClosesAt: now + 5 * HOUR + 12.5 * 60_000,
    updatedAt: now,
    ...overrides,
  };
}

/** One shared store; attach() it to each agent's page. Every change is announced on every open socket. */
export function createStubStore({ token = "stub-token", templateConfigured = false } = {}) {
  const conversations = new Map(); // id -> { summary, transcript }
  const sockets = new Set();
  const requests = [];
  const opened = { count: 0 };
  let seq = 0;
  const store = {
    token,
    templateConfigured,
    conversations,
    sockets,
    requests,
    opened,
    add(s, transcript = []) {
      conversations.set(s.id, { summary: s, transcript });
      s.lastMessages = transcript.slice(-3);
      store.changed(s.id, "queue");
    },
    message(id, fields) {
      const c = conversations.get(id);
      const m = { id: `m${++seq}`, at: Date.now(), ...fields };
      c.transcript.push(m);
      c.summary.lastMessages = c.transcript.slice(-3);
      c.summary.updatedAt = Date.now();
      return m;
    },
    changed(conversationId, what) {
      for (const ws of sockets) ws.send(JSON.stringify({ type: "changed", conversationId, what }));
    },
    dropSockets() {
      for (const ws of [...sockets]) ws.close({ code: 1012, reason: "restart" });
      sockets.clear();
    },
  };
  return store;
}

const json = (route, status, body) =>
  route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
const fail = (route, status, code, message = code) => json(route, status, { error: { code, message } });

/** Answers one API request for `agent` (null: an unauthenticated browser). */
function answer(store, agent, route) {
  const request = route.request();
  const path = new URL(request.url()).pathname.replace(/^\/agent\/api/, "");
  store.requests.push({ agent: agent?.id, method: request.method(), path });
  if (request.headers().authorization !== `Bearer ${store.token}`) return fail(route, 401, "unauthorized");
  if (path === "/me") return json(route, 200, { agent, auth: "token" });
  if (path === "/conversations") {
    const open = [...store.conversations.values()].map((c) => c.summary);
    return json(route, 200, {
      conversations: open.filter((s) => s.status === "waiting" || s.status === "agent"),
    });
  }
  const m = /^\/conversations\/([0-9a-f]+)(?:\/(claim|reply|release|close))?$/.exec(path);
  const c = m && store.conversations.get(m[1]);
  if (!c) return fail(route, 404, "not_found");
  const s = c.summary;
  const { templateConfigured } = store;
  if (!m[2]) return json(route, 200, { conversation: s, transcript: c.transcript, templateConfigured });
  const mine = s.status === "agent" && s.claimedBy?.id === agent.id;
  if (m[2] === "claim") {
    if (s.status !== "waiting") return fail(route, 409, "already_claimed", "another agent claimed it first");
    Object.assign(s, { status: "agent", claimedBy: agent });
  } else if (!mine) {
    return fail(route, 409, "not_claimed", "claim the conversation first");
  } else if (m[2] === "reply") {
    const held = s.windowClosesAt < Date.now();
    const text = JSON.parse(request.postData() ?? "{}").text;
    const message = store.message(s.id, { role: "agent", text, agent, delivery: held ? "held" : "queued" });
    store.changed(s.id, "transcript");
    return json(route, 202, { message });
  } else {
    Object.assign(s, { status: m[2] === "release" ? "bot" : "closed", claimedBy: null });
  }
  store.changed(s.id, "queue");
  return json(route, 200, { conversation: s });
}

/** Routes /agent/api/** and the live socket of `page` to the store, as `agent` ({id, name}). */
export async function attach(page, store, agent) {
  await page.route(/\/agent\/api\/(?!live)/, (route) => answer(store, agent, route));
  await page.routeWebSocket(/\/agent\/api\/live$/, (ws) => {
    store.sockets.add(ws);
    store.opened.count++;
    ws.onMessage((data) => {
      if (data === "ping") ws.send("pong");
    });
    ws.onClose(() => store.sockets.delete(ws));
    ws.send(JSON.stringify({ type: "hello", agent }));
  });
}
