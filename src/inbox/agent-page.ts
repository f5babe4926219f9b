// GET /agent: the agent inbox page. The page carries no data (everything comes from the agent API after
// sign-in), so with agent tokens it is served to show its sign-in form; otherwise it needs a signed-in agent.
import { Hono } from "hono";
import type { AppEnv } from "../request-context";
import { requireAgentForPage } from "./agent-auth";
import { agentInboxPage } from "./page";

export const agentPageRoutes = new Hono<AppEnv>();

/**
 * The policy for one response: scripts only from this origin (the static /assets/inbox.js; no inline script runs),
 * only this page's nonce-tagged style, fetch and WebSocket to itself.
 */
export function agentPageCsp(nonce: string, url: URL): string {
  // 'self' covers ws: and wss: of the same host only in CSP level 3 browsers; name the socket explicitly.
  const socket = `${url.protocol === "https:" ? "wss" : "ws"}://${url.host}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'nonce-${nonce}'`,
    `connect-src 'self' ${socket}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// inbox-app.ts gates /agent/* already; the page names its gate too, so it stays closed wherever it is mounted.
agentPageRoutes.get("/agent", requireAgentForPage, (c) => {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  return c.body(agentInboxPage({ nonce }), 200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": agentPageCsp(nonce, new URL(c.req.url)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
});
