// GET /playground: a page to chat as a WhatsApp customer against the local Worker. It carries the webhook
// token, so it exists only with the local Braze sink (BRAZE_REST_ENDPOINT=local) on a loopback host; so does its
// script, GET /assets/playground.js, a static asset that reaches the Worker first ([assets] run_worker_first).
import { type Context, Hono } from "hono";
import { isLoopbackHost } from "../config";
import { AppError } from "../errors";
import { PLAYGROUND_SCRIPT_PATH, playgroundPage } from "../playground/page";
import { type AppEnv, configOf } from "../request-context";

export const playgroundRoutes = new Hono<AppEnv>();

/** The webhook token the page sends; a 404 anywhere but the local sink on a loopback host. */
function localPlaygroundToken(c: Context<AppEnv>): string {
  const config = configOf(c);
  const token = config.webhookTokens[0];
  if (config.braze.kind !== "local" || !isLoopbackHost(new URL(c.req.url).hostname) || !token) {
    throw new AppError(404, "not_found", "no such route");
  }
  return token;
}

playgroundRoutes.get("/playground", (c) => {
  const token = localPlaygroundToken(c);
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  return c.body(playgroundPage({ token, nonce }), 200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": [
      "default-src 'none'",
      "script-src 'self'",
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
});

playgroundRoutes.get(PLAYGROUND_SCRIPT_PATH, async (c) => {
  localPlaygroundToken(c);
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  if (asset.status === 404) throw new AppError(404, "not_found", "no such route");
  return asset;
});
