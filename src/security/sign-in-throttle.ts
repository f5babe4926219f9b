// Failed sign-ins on the agent inbox (page, API, live socket) and the admin API are throttled with the Workers
// Rate Limiting binding. Why: nothing limited how fast someone could try tokens. Two counters, both fed only by
// FAILED attempts (a 401), so a signed-in agent's requests never count:
//  - per credential and address (FAILED_SIGN_INS_PER_CREDENTIAL, 5 a minute): one wrong token retried, such as
//    a stale tab or script. It stops that credential only; a colleague behind the same office address is not
//    affected, and once blocked its retries no longer count against the address.
//  - per address (FAILED_SIGN_INS_PER_ADDRESS, 100 a minute; an IPv6 /64 is one address): many different wrong
//    credentials, i.e. guessing. A blocked address is refused before any credential is checked, right or wrong:
//    if a right guess still got through, the block would not slow a guesser at all. An office reaches it only
//    when a hundred different wrong tokens come from it within a minute.
// A blocked request gets 429 with Retry-After in the house envelope. The binding only counts (it cannot be
// asked without counting), so each isolate remembers what it was told for the rest of the period. Requests
// that carry no credential at all are not attempts (the inbox page asks once without one) and are not counted.
// Without CF-Connecting-IP (not through Cloudflare's edge: tests calling the app directly), or without the
// binding, nothing is throttled; a failing binding is logged and never turns a sign-in into a 5xx.
// The webhook is not throttled here: a wrong Braze token is a 401 that Braze drops, and a 429 would make
// Braze retry.
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors";
import { describeError, log, toHex } from "../log";

/** The period both bindings are declared with in wrangler.toml (Cloudflare allows 10 or 60 s). */
export const THROTTLE_PERIOD_S = 60;

interface Limiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

interface ThrottleBindings {
  FAILED_SIGN_INS_PER_CREDENTIAL?: Limiter;
  FAILED_SIGN_INS_PER_ADDRESS?: Limiter;
}

type Scope = "credential" | "address";

/** Keys this isolate was told are over their limit, with when that ends (epoch ms). Bounded. */
const blockedUntil = new Map<string, number>();
const MAX_REMEMBERED = 10_000;
let warnedUnbound = false;

/** Hono middleware: mount before the gate it watches (src/app.ts), with the surface's name for the logs. */
export function throttleFailedSignIns(surface: "agent" | "admin"): MiddlewareHandler<{ Bindings: object }> {
  return async (c, next) => {
    const address = clientAddress(c.req.header("CF-Connecting-IP"));
    const credential = presentedCredential(c.req.raw.headers);
    if (address === undefined || credential === undefined) return next();
    const keys: Record<Scope, string> = {
      address: `ip:${address}`,
      credential: `cred:${address}:${await fingerprint(credential)}`,
    };
    const now = Date.now();
    const waitMs = Math.max(remainingMs(keys.address, now), remainingMs(keys.credential, now));
    if (waitMs > 0) {
      c.header("Retry-After", String(Math.ceil(waitMs / 1000)));
      throw throttled(surface, "already blocked", Math.ceil(waitMs / 1000));
    }
    await next();
    if (c.res.status !== 401) return;
    const scope = await countFailure(c.env as ThrottleBindings, keys);
    if (scope === undefined) return;
    remember(keys[scope], now + THROTTLE_PERIOD_S * 1000);
    const error = throttled(surface, scope, THROTTLE_PERIOD_S);
    c.res = undefined; // replace the 401 whole (Hono would otherwise merge its headers into the new answer)
    c.res = c.json(error.toEnvelope(), 429, { "Retry-After": String(THROTTLE_PERIOD_S) });
  };
}

/** Counts one failed attempt: the credential's counter first, the address's only while the former allows. */
async function countFailure(env: ThrottleBindings, keys: Record<Scope, string>): Promise<Scope | undefined> {
  const perCredential = env.FAILED_SIGN_INS_PER_CREDENTIAL;
  const perAddress = env.FAILED_SIGN_INS_PER_ADDRESS;
  if (!perCredential || !perAddress) {
    if (!warnedUnbound) log("warn", "sign_in_throttle.unbound", { hint: "declare the [[ratelimits]] bindings" });
    warnedUnbound = true;
    return undefined;
  }
  try {
    if (!(await perCredential.limit({ key: keys.credential })).success) return "credential";
    if (!(await perAddress.limit({ key: keys.address })).success) return "address";
  } catch (error) {
    log("warn", "sign_in_throttle.unavailable", { error: describeError(error) });
  }
  return undefined;
}

function throttled(surface: string, scope: string, retryAfterS: number): AppError {
  log("warn", "sign_in_throttle.refused", { surface, scope, retryAfterS });
  return new AppError(
    429,
    "too_many_failed_sign_ins",
    `too many failed sign-ins from this address; retry in ${retryAfterS} s`,
  );
}

function remainingMs(key: string, now: number): number {
  const until = blockedUntil.get(key);
  if (until === undefined) return 0;
  if (until > now) return until - now;
  blockedUntil.delete(key);
  return 0;
}

function remember(key: string, until: number): void {
  blockedUntil.delete(key);
  blockedUntil.set(key, until);
  // Oldest first (insertion order); a forgotten key is still over its limit in the binding.
  for (const oldest of blockedUntil.keys()) {
    if (blockedUntil.size <= MAX_REMEMBERED) break;
    blockedUntil.delete(oldest);
  }
}

/** Whatever could carry a credential, as sent; undefined when the request carries none. */
function presentedCredential(headers: Headers): string | undefined {
  const parts = ["Authorization", "Sec-WebSocket-Protocol", "Cf-Access-Jwt-Assertion"].map((h) => headers.get(h));
  return parts.some((part) => part !== null) ? parts.map((part) => part ?? "").join("\n") : undefined;
}

/** A short digest of the credential: the limiter's key never holds a token. */
async function fingerprint(credential: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(credential));
  return toHex(new Uint8Array(digest)).slice(0, 32);
}

/**
 * The address a throttle counts, from CF-Connecting-IP (set by Cloudflare's edge, which overwrites a client's):
 * IPv4 as is, IPv6 as its /64 (one subscriber usually holds a whole /64).
 */
export function clientAddress(header: string | null | undefined): string | undefined {
  const ip = header?.trim().toLowerCase().slice(0, 64);
  if (!ip) return undefined;
  if (!ip.includes(":")) return ip;
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mappedV4) return mappedV4[1];
  const [head = "", tail] = ip.split("::");
  const front = head === "" ? [] : head.split(":");
  const back = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups =
    tail === undefined ? front : [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
