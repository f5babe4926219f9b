// Which methods a path takes, read from the routes the app registered: a new route gets its 405 (with the
// right Allow header) without a second table to keep in step. A path no route matches is the 404's business.

import { TrieRouter } from "hono/router/trie-router";
import type { RouterRoute } from "hono/types";

/** Hono registers middleware (`app.use`) under this method: it is not a route. */
const MIDDLEWARE = "ALL";

/**
 * A lookup from a request path to the methods its routes take (registration order), or undefined when no route
 * matches. Built on first use, so call it after every route is registered (i.e. at request time).
 */
export function allowedMethodsOf(routes: () => readonly RouterRoute[]): (path: string) => string[] | undefined {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    router ??= routerOf(routes());
    // Each route was added for every method with its own method as the handler, so one match lists them all.
    const methods = router.match(MIDDLEWARE, path)[0].map(([method]) => method);
    return methods.length > 0 ? [...new Set(methods)] : undefined;
  };
}

function routerOf(routes: readonly RouterRoute[]): TrieRouter<string> {
  const router = new TrieRouter<string>();
  for (const { method, path } of routes) if (method !== MIDDLEWARE) router.add(MIDDLEWARE, path, method);
  return router;
}
