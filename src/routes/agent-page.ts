// GET /agent: the agent inbox page. The page carries no data (everything comes from the agent API after
// sign-in), so with agent tokens it is served to show its sign-in form; otherwise it needs a signed-in agent.
import { type Context, Hono } from "hono";
import { agentInboxPage } from "../agent-inbox/page";
import { AppError } from "../errors";
import { authenticateAgent } from "../handoff/agent-auth";
import { type AppEnv, configOf } from "./request-context";

export const agentPageRoutes = new Hono<AppEnv>();

/** The policy for one response: only this page's nonce-tagged script and style; fetch and WebSocket to itself. */
export function agentPageCsp(nonce: string, url: URL): string {
  // 'self' covers ws: and wss: of the same host only in CSP level 3 browsers; name the socket explicitly.
  const socket = `${url.protocol === "https:" ? "wss" : "ws"}://${url.host}`;
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `connect-src 'self' ${socket}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A browser cannot send a Bearer header when it opens a page, so a token agent gets the page and signs in on it;
 * the API and the socket check the token. Access and the local demo sign in here; an unconfigured deploy is 503.
 */
async function checkPageAccess(c: Context<AppEnv>): Promise<void> {
  try {
    await authenticateAgent(c);
  } catch (error) {
    const tokenSignIn = configOf(c).agentAuth.tokens.length > 0;
    if (!(error instanceof AppError && error.status === 401 && tokenSignIn)) throw error;
  }
}

agentPageRoutes.get("/agent", async (c) => {
  await checkPageAccess(c);
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  return c.body(agentInboxPage({ nonce }), 200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": agentPageCsp(nonce, new URL(c.req.url)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
});
