// Tests run inside workerd with the real Durable Objects (@cloudflare/vitest-plugin). Outbound HTTP goes to
// MSW (test/setup.ts) and any request nobody expected fails the test. Workers AI is never called.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/bindings";

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
