// `npm run eval`: the brain evaluation, in workerd like the tests (the knowledge base is bundled the same way),
// but with real outbound HTTP allowed, so a real model can be evaluated by setting its variables in the shell.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildClient } from "./scripts/build-client";
import { TEST_BINDINGS } from "./test/bindings";

// wrangler.toml's [assets] directory is build output (dist/client, not committed), and the workers pool reads it
// when it starts: build it first, so every run, whole suite or one file, serves the current browser code.
await buildClient(dirname(fileURLToPath(import.meta.url)));

/** Variables the shell may set to evaluate another provider or threshold (see docs/evaluation.md). */
const PASSED_THROUGH = [
  "AI_PROVIDER",
  "AI_MODEL",
  "OPENAI_BASE_URL",
  "OPENAI_API_KEY",
  "CLOUDFLARE_ACCOUNT_ID",
  "CLOUDFLARE_API_TOKEN",
  "AI_GATEWAY_ID",
  "AI_GATEWAY_TOKEN",
  "BRAIN_MIN_CONFIDENCE",
  "MODEL_CONTEXT_TOKENS",
  "MODEL_TIMEOUT_MS",
];
const fromShell = Object.fromEntries(
  PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
);

export default defineConfig({
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: { bindings: { ...TEST_BINDINGS, MODEL_TIMEOUT_MS: "60000", ...fromShell } },
    }),
  ],
  test: {
    include: ["eval/**/*.eval.ts"],
    testTimeout: 600_000,
  },
});
