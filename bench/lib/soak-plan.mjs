// The soak's traffic, drawn from a seeded random: per customer an ordered list of webhooks, each text carrying a
// unique token, plus the deliberately unanswered ones (PROMO, STOP ... START) and which webhooks Braze replays.

/** tok-u<user>-m<n>, fixed width so that no token is a prefix of another. */
export const TOKEN_PATTERN = /tok-u\d{5}-m\d{5}/g;
/** Every soak customer's phone number starts with this (the log scan looks for it). */
export const PHONE_PATTERN = /(?<!\d)\+?1415\d{7}(?!\d)/g;
export const SILENT_KEYWORD = "PROMO";

const pad = (value, width) => String(value).padStart(width, "0");
const QUESTIONS = [
  "where is my order?",
  "do you ship to Canada?",
  "can I change the size?",
  "what is the return policy?",
];

/**
 * One webhook: kind text | promo | stop | start; category (text only): expected (must be answered once),
 * before-stop (may be superseded by the STOP that follows), opted-out (must never be answered).
 */
function message(user, n, kind, category, random, replayRate) {
  const token = kind === "text" ? `tok-u${pad(user.index, 5)}-m${pad(n, 5)}` : undefined;
  const text = {
    text: `${token} ${QUESTIONS[n % QUESTIONS.length]}`,
    promo: SILENT_KEYWORD,
    stop: "STOP",
    start: "START",
  }[kind];
  const replayRoll = random();
  const replay = replayRoll >= replayRate ? "none" : replayRoll < replayRate / 3 ? "concurrent" : "later";
  // 40 % follow the previous message at once (a burst the debounce coalesces), the rest after a pause.
  const thinkMs = n === 0 || random() < 0.4 ? 0 : Math.round(300 + random() * 1200);
  return { user: user.id, userIndex: user.index, n, kind, category, token, text, replay, thinkMs, results: [] };
}

/** A customer who opts out: two messages, STOP, two messages while opted out, START, then the rest. */
function kindsForStopUser(count) {
  return Array.from({ length: count }, (_, n) => {
    if (n === 2) return ["stop"];
    if (n === 5) return ["start"];
    if (n < 2) return ["text", "before-stop"];
    if (n < 5) return ["text", "opted-out"];
    return ["text", "expected"];
  });
}

function kindsForUser(count, random) {
  return Array.from({ length: count }, (_, n) => (n > 0 && random() < 0.01 ? ["promo"] : ["text", "expected"]));
}

/** messages spread over users as evenly as possible; one customer in 50 (with 7+ messages) sends STOP/START. */
export function buildPlan({ messages, users, replayRate, random }) {
  const plan = [];
  for (let index = 0; index < users; index++) {
    const count = Math.floor(messages / users) + (index < messages % users ? 1 : 0);
    const user = {
      index,
      id: `soak-user-${pad(index, 5)}`,
      phone: users <= 10_000 ? `+1415555${pad(index, 4)}` : `+1415${pad(index, 7)}`,
    };
    const stops = count >= 7 && index % 50 === 7;
    const kinds = stops ? kindsForStopUser(count) : kindsForUser(count, random);
    user.stops = stops;
    user.messages = kinds.map(([kind, category], n) => message(user, n, kind, category, random, replayRate));
    plan.push(user);
  }
  return plan;
}

/** The body Braze renders with the README's recommended template; fixed at the first attempt, replays reuse it. */
export function webhookBody(user, m, nowMs) {
  return JSON.stringify({
    escaped: true,
    user_id: user.id,
    phone_number: user.phone,
    message_id: `dispatch-${user.index}-${m.n}`,
    sent_at: String(Math.floor(nowMs / 1000)),
    message: m.text,
  });
}
