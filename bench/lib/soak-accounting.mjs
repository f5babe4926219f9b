// The soak's verdict: which tokens reached a reply the fake Braze accepted, how many times, in which order and
// how fast; and which repeated deliveries the documented at-least-once policy explains (docs/delivery.md).
import { SILENT_KEYWORD, TOKEN_PATTERN } from "./soak-plan.mjs";

const TRIGGER = "/campaigns/trigger/send";

/** Accepted trigger sends grouped by (customer, text): one group is one reply, each entry one delivery. */
function groupReplies(calls) {
  const groups = new Map();
  for (const call of calls) {
    if (!call.accepted || call.path !== TRIGGER) continue;
    const recipient = call.body.recipients?.[0] ?? {};
    const text = recipient.trigger_properties?.external_system_msg_body ?? "";
    const key = `${recipient.external_user_id}\u0000${text}`;
    if (!groups.has(key)) groups.set(key, { user: recipient.external_user_id, text, deliveries: [] });
    groups.get(key).deliveries.push(call);
  }
  for (const group of groups.values()) {
    group.deliveries.sort((a, b) => a.at - b.at);
    group.firstAt = group.deliveries[0].at;
    group.tokens = group.text.startsWith("echo: ") ? (group.text.match(TOKEN_PATTERN) ?? []) : [];
  }
  return [...groups.values()];
}

const AMBIGUOUS_EVENTS = new Set(["outbox.ambiguous_retry", "outbox.ambiguous_resend"]);
/** Worker clock and fake Braze clock are the same machine's; this covers log timestamps taken mid-call. */
const SLACK_MS = 100;

export const RESEND_CAUSES = {
  drop: "accept-then-drop",
  slow: "timeout (injected slow answer)",
  starved: "timeout (Braze answered at once, the Worker read it too late)",
  killed: "runtime killed or reloaded mid-call",
};

/**
 * Why a delivery was followed by another copy of the same reply, or undefined if nothing explains it. The
 * evidence is the Worker's own log: it logs outbox.ambiguous_retry (timeout, connection lost) or
 * outbox.ambiguous_resend (found "sending" at start) for that customer between the two deliveries.
 */
function resendCause(delivery, next, evidence, stops) {
  if (delivery.outcome === "accept-then-drop") return RESEND_CAUSES.drop;
  const seen = evidence.filter((e) => e.at >= delivery.wallAt - SLACK_MS && e.at <= next.wallAt + SLACK_MS);
  if (delivery.outcome === "slow" && delivery.answered === false) return RESEND_CAUSES.slow;
  // A SIGKILL takes a few ms to land: a call answered just after it was sent may still reach the dying Worker.
  const stopped = stops.some((k) => k >= delivery.at - SLACK_MS && k <= next.at);
  if (stopped && seen.some((e) => e.event === "outbox.ambiguous_resend")) return RESEND_CAUSES.killed;
  if (seen.some((e) => e.event === "outbox.ambiguous_retry" && /timed out/.test(e.error ?? ""))) {
    return RESEND_CAUSES.starved;
  }
  return undefined;
}

function classifyResends(groups, { stops, events, logIdOf }) {
  const evidenceByCustomer = new Map();
  for (const e of events) {
    if (!AMBIGUOUS_EVENTS.has(e.event)) continue;
    evidenceByCustomer.set(e.customer, [...(evidenceByCustomer.get(e.customer) ?? []), e]);
  }
  const resends = Object.fromEntries(Object.values(RESEND_CAUSES).map((cause) => [cause, 0]));
  const unexplained = new Set();
  // Only echoes are unique texts; one catalog text sent twice to a customer may be two separate notices.
  for (const group of groups.filter((g) => g.tokens.length > 0)) {
    const evidence = evidenceByCustomer.get(logIdOf(group.user)) ?? [];
    group.deliveries.slice(0, -1).forEach((delivery, i) => {
      const cause = resendCause(delivery, group.deliveries[i + 1], evidence, stops);
      if (cause) resends[cause]++;
      else unexplained.add(group);
    });
  }
  return { resends, unexplained };
}

/** Per customer: tokens (in order of first delivery) whose number is lower than one delivered before them. */
function outOfOrder(groups) {
  const byUser = new Map();
  for (const group of groups) {
    if (group.tokens.length === 0) continue;
    if (!byUser.has(group.user)) byUser.set(group.user, []);
    byUser.get(group.user).push(group);
  }
  const perUser = new Map();
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.firstAt - b.firstAt);
    let max = -1;
    let late = 0;
    for (const token of list.flatMap((g) => g.tokens)) {
      const n = Number(token.slice(token.lastIndexOf("-m") + 2));
      if (n < max) late++;
      max = Math.max(max, n);
    }
    if (late > 0) perUser.set(user, late);
  }
  return perUser;
}

function newTally() {
  return {
    accepted: 0,
    notAccepted: [],
    expected: 0,
    beforeStop: 0,
    supersededByStop: 0,
    optedOut: 0,
    answeredWhileOptedOut: [],
    answeredByNotice: 0,
    lost: [],
    duplicated: [],
    latencies: [],
  };
}

/** Judges one token-carrying message against the replies that carry its token. */
function judge(m, ctx, t) {
  const groups = ctx.tokenIndex.get(m.token) ?? [];
  if (m.category === "opted-out") {
    t.optedOut++;
    if (groups.length > 0) t.answeredWhileOptedOut.push(m.token);
    return;
  }
  if (m.category === "expected") t.expected++;
  else t.beforeStop++;
  if (groups.length > 1 || groups.some((g) => ctx.unexplained.has(g))) t.duplicated.push(m.token);
  if (groups.length > 0) {
    t.latencies.push(Math.min(...groups.map((g) => g.firstAt)) - m.firstAttemptAt);
    return;
  }
  if (m.category === "before-stop") t.supersededByStop++;
  else if ((ctx.noticesAt.get(m.user) ?? []).some((at) => at > m.firstAttemptAt)) t.answeredByNotice++;
  else t.lost.push(m.token);
}

/**
 * plan: from buildPlan, after playTraffic; calls: the fake Braze's; stops: performance.now() of each SIGKILL and
 * each wrangler reload;
 * events: the Worker's parsed log events; logIdOf(user): the customer id the Worker logs for that user;
 * confirmations: the STOP/START confirmation texts (any language). Returns the numbers the report prints.
 */
export function account({ plan, calls, stops, events, logIdOf, confirmations }) {
  const groups = groupReplies(calls);
  const { resends, unexplained } = classifyResends(groups, { stops, events, logIdOf });
  const tokenIndex = new Map();
  const noticesAt = new Map();
  const notices = { confirmations: 0, other: 0 };
  for (const group of groups) {
    for (const token of group.tokens) tokenIndex.set(token, [...(tokenIndex.get(token) ?? []), group]);
    if (group.text.startsWith("echo: ")) continue;
    const isConfirmation = confirmations.has(group.text);
    notices[isConfirmation ? "confirmations" : "other"] += group.deliveries.length;
    const at = group.deliveries.map((d) => d.at);
    if (!isConfirmation) noticesAt.set(group.user, [...(noticesAt.get(group.user) ?? []), ...at]);
  }
  const t = newTally();
  const ctx = { tokenIndex, unexplained, noticesAt };
  for (const m of plan.flatMap((u) => u.messages)) {
    if (m.results.some((r) => r.ok)) t.accepted++;
    else t.notAccepted.push(m.token ?? m.kind);
    if (m.token) judge(m, ctx, t);
  }
  const subscriptions = { unsubscribed: 0, subscribed: 0 };
  for (const call of calls) {
    if (!call.accepted || !call.path.endsWith("/subscription/status/set")) continue;
    const state = call.body.subscription_state ?? call.body.subscription_groups?.[0]?.subscription_state;
    subscriptions[state] = (subscriptions[state] ?? 0) + 1;
  }
  return {
    ...t,
    messages: plan.reduce((sum, u) => sum + u.messages.length, 0),
    promos: plan.flatMap((u) => u.messages).filter((m) => m.kind === "promo").length,
    stopUsers: plan.filter((u) => u.stops).length,
    silencedAnswered: groups.filter((g) => g.text.includes(SILENT_KEYWORD)).length,
    repliesSent: groups.filter((g) => g.tokens.length > 0).length,
    deliveries: groups.reduce((sum, g) => sum + g.deliveries.length, 0),
    notices,
    subscriptions,
    resends,
    unexplainedResends: unexplained.size,
    outOfOrder: outOfOrder(groups),
  };
}
