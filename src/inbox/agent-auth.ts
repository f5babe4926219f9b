// Who may use the agent inbox (its page, API and WebSocket): an agent signed in through Cloudflare Access
// (the Cf-Access-Jwt-Assertion JWT, verified with jose against the team's published keys), an agent with a
// per-agent token (AGENT_TOKENS; Bearer header, or the WebSocket subprotocol), or, only with the local Braze
// sink on a loopback host and nothing else configured, the demo agent. Anything else is refused; a deploy with
// no sign-in configured is closed (503), never open.
import type { Context, MiddlewareHandler } from "hono";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { type AgentAuthConfig, isLoopbackHost } from "../config";
import { AppError } from "../errors";
import { describeError, log } from "../log";
import { type AppEnv, configOf } from "../request-context";
import { bearerToken, matchingTokenIndex } from "../security/bearer";
import { AGENT_SUBPROTOCOL, type AgentIdentity, type AuthenticatedAgent } from "./api-shapes";

export const ACCESS_JWT_HEADER = "Cf-Access-Jwt-Assertion";
export const DEMO_AGENT: AgentIdentity = { id: "demo-agent", name: "Demo agent" };

const unauthorized = () =>
  new AppError(401, "unauthorized", "sign in as an agent (Cloudflare Access or an agent token)");

/**
 * Hono middleware for every inbox surface: sets c.var.agent or refuses the request. inbox-app.ts applies it to
 * /agent and /agent/*; the page route may call it again (or use authenticateAgent) without harm.
 */
export const requireAgent: MiddlewareHandler<AppEnv> = async (c, next) => {
  refuseCrossSite(c);
  if (!c.get("agent")) c.set("agent", await authenticateAgent(c));
  await next();
};

/**
 * With Cloudflare Access the browser sends the agent's credential by itself (the Access cookie), so another
 * site an agent visits could post replies or open the live socket as them. A browser always sends Origin on
 * such requests: anything but a read from another origin is refused. API clients without Origin pass.
 */
function refuseCrossSite(c: Context<AppEnv>): void {
  const origin = c.req.header("Origin");
  const changes = c.req.method !== "GET" || c.req.header("Upgrade")?.toLowerCase() === "websocket";
  if (changes && origin !== undefined && origin !== new URL(c.req.url).origin) {
    throw new AppError(403, "cross_site_request", "requests from another site are refused");
  }
}

/**
 * The gate for the inbox page itself (GET /agent): like requireAgent, except that with AGENT_TOKENS a browser
 * without a credential still gets the page, because a page load cannot carry a Bearer header and the page is
 * where the agent types the token. The page holds no data; everything it shows comes from the API.
 */
export const requireAgentForPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("agent")) return next(); // already signed in by the app-wide gate
  try {
    c.set("agent", await authenticateAgent(c));
  } catch (error) {
    const tokenSignIn = configOf(c).agentAuth.tokens.length > 0;
    if (!(error instanceof AppError && error.status === 401 && tokenSignIn)) throw error;
  }
  await next();
};

/** The page gate for GET /agent itself, requireAgent for everything under it (API and WebSocket). */
export const requireAgentOnInbox: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.path === "/agent" || c.req.path === "/agent/" ? requireAgentForPage(c, next) : requireAgent(c, next);

/** The agent requireAgent signed in; throws 401 if the middleware did not run (a route mounted outside it). */
export function agentOf(c: Context<AppEnv>): AuthenticatedAgent {
  const agent = c.get("agent");
  if (!agent) throw unauthorized();
  return agent;
}

export async function authenticateAgent(c: Context<AppEnv>): Promise<AuthenticatedAgent> {
  const config = configOf(c);
  const { access, tokens } = config.agentAuth;
  if (!access && tokens.length === 0) {
    if (config.braze.kind === "local" && isLoopbackHost(new URL(c.req.url).hostname)) {
      return { agent: DEMO_AGENT, auth: "local" };
    }
    throw new AppError(
      503,
      "agent_inbox_not_configured",
      "agent inbox not configured: set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or AGENT_TOKENS",
    );
  }
  const jwt = c.req.header(ACCESS_JWT_HEADER);
  if (access && jwt) return { agent: await verifyAccessJwt(jwt, access), auth: "access" };
  const token = bearerToken(c.req.header("Authorization")) ?? subprotocolToken(c.req.header("Sec-WebSocket-Protocol"));
  const index = await matchingTokenIndex(
    token,
    tokens.map((t) => t.token),
  );
  const match = tokens[index];
  if (!match) throw unauthorized();
  return { agent: { id: match.id, name: match.id }, auth: "token" };
}

/** "braze-agent, <token>": browsers cannot set headers on a WebSocket, so the token rides as a subprotocol. */
export function subprotocolToken(header: string | undefined): string | undefined {
  const [first, second] = (header ?? "").split(",").map((p) => p.trim());
  return first === AGENT_SUBPROTOCOL && second ? second : undefined;
}

/** What a bad token throws (401); anything else (the key set unreachable or malformed) is our side (503). */
const REJECTED_TOKEN = [
  errors.JWTClaimValidationFailed,
  errors.JWTExpired,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

/** One key set per team domain and isolate: jose caches the keys and refetches on an unknown key id. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function verifyAccessJwt(jwt: string, access: NonNullable<AgentAuthConfig["access"]>): Promise<AgentIdentity> {
  let keys = keySets.get(access.teamDomain);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(`https://${access.teamDomain}/cdn-cgi/access/certs`));
    keySets.set(access.teamDomain, keys);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jwt, keys, {
      issuer: `https://${access.teamDomain}`,
      audience: access.audience,
      algorithms: ["RS256"],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError && REJECTED_TOKEN.some((kind) => error instanceof kind)) {
      log("warn", "agent_auth.access_rejected", { code: error.code });
      throw unauthorized();
    }
    // The key set could not be fetched: not the agent's fault, and retrying may work.
    log("error", "agent_auth.access_keys_unavailable", { error: describeError(error) });
    throw new AppError(
      503,
      "temporarily_unavailable",
      "could not verify the Cloudflare Access sign-in; retry",
      undefined,
      {
        cause: error,
      },
    );
  }
  return accessIdentity(payload);
}

/** Users carry an email; Access service tokens carry a common_name instead. */
function accessIdentity(payload: JWTPayload): AgentIdentity {
  const email = typeof payload.email === "string" ? payload.email : undefined;
  const commonName = typeof payload.common_name === "string" ? payload.common_name : undefined;
  const id = email ?? commonName ?? payload.sub;
  if (!id) throw unauthorized();
  return { id, name: email ?? commonName ?? id };
}
