// Tests run inside workerd with the real Durable Objects (@cloudflare/vitest-plugin). Outbound HTTP goes to
// MSW (test/setup.ts) and any request nobody expected fails the test. Workers AI is never called.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildClient } from "./scripts/build-client";
import { TEST_BINDINGS } from "./test/bindings";

// wrangler.toml's [assets] directory is build output (dist/client, not committed), and the workers pool reads it
// when it starts: build it first, so every run, whole suite or one file, serves the current browser code.
await buildClient(dirname(fileURLToPath(import.meta.url)));

export default defineConfig({
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: { bindings: TEST_BINDINGS },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 20_000,
    // The Worker's own JSON logs are printed only for failing tests.
    silent: "passed-only",
  },
});
