// Every test file: outbound HTTP goes to the fake Braze; an unexpected request fails the test.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { fakeBraze } from "./helpers/fake-braze";

/** Exported so a test can add handlers for other hosts (e.g. Cloudflare Access keys) with server.use(). */
export const server = setupServer(fakeBraze.handler);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  fakeBraze.reset();
});
afterAll(() => server.close());
