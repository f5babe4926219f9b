// The 405 answers derive from the routes the app registers (src/routes/allowed-methods.ts): every route's path
// answers any other method with 405, the envelope and an Allow header naming the methods it takes.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { WORKER_URL } from "../helpers/webhook";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Each registered path (parameters filled in) with the methods registered for it, middleware left out. */
function registeredPaths(): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const { method, path } of app.routes) {
    if (method === "ALL") continue;
    const concrete = path.replace(/:\w+(\{[^}]*\})?/g, "sample-1");
    const methods = paths.get(concrete) ?? [];
    if (!methods.includes(method)) methods.push(method);
    paths.set(concrete, methods);
  }
  return paths;
}

const request = (method: string, path: string) =>
  exports.default.fetch(new Request(`${WORKER_URL}${path}`, { method }));

describe("405 Method Not Allowed", () => {
  it("covers the paths the old hand-written table listed, and the agent routes it missed", () => {
    const paths = registeredPaths();
    expect(paths.get("/webhooks/whatsapp")).toEqual(["POST"]);
    expect(paths.get("/webhooks/whatsapp/sample-1")).toEqual(["POST"]);
    expect(paths.get("/health")).toEqual(["GET"]);
    expect(paths.get("/agent")).toEqual(["GET"]);
    expect(paths.get("/agent/api/conversations/sample-1")).toEqual(["GET"]);
    expect(paths.get("/agent/api/conversations/sample-1/reply")).toEqual(["POST"]);
    expect(paths.size).toBeGreaterThanOrEqual(12);
  });

  it("answers every route's path with 405 and the right Allow for each method it does not take", async () => {
    for (const [path, allowed] of registeredPaths()) {
      for (const method of METHODS.filter((m) => !allowed.includes(m))) {
        const response = await request(method, path);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get("Allow"), `${method} ${path}`).toBe(allowed.join(", "));
        if (method !== "HEAD") {
          expect(await response.json()).toEqual({
            error: { code: "method_not_allowed", message: `use ${allowed.join(" or ")} on ${path}` },
          });
        }
      }
    }
  });

  it("never answers 405 to a method the route takes", async () => {
    for (const [path, allowed] of registeredPaths()) {
      for (const method of allowed) {
        const response = await request(method, path);
        expect(response.status, `${method} ${path}`).not.toBe(405);
        await response.body?.cancel();
      }
    }
  });

  it("leaves paths no route matches to the 404", async () => {
    for (const path of ["/nope", "/health/", "/webhooks/whatsapp/", "/webhooks/whatsapp/a/b"]) {
      const response = await request("DELETE", path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: "no such route" } });
    }
  });
});
