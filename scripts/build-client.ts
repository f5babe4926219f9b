// Bundles the browser code (src/inbox/client, src/playground/client) with esbuild into dist/client/, the directory
// Workers Static Assets serves ([assets] in wrangler.toml). Run by wrangler itself ([build] in wrangler.toml, so by
// `npm start`, the e2e, the deploy dry run and real deploys), by vitest.config.ts before the workers pool reads
// the assets, and by `npm run build:client`. Not minified: a few kilobytes gzipped, readable in devtools, and the
// page tests search the shipped text. dist/ is not committed: this takes well under a second.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The assets directory, relative to the repository root (wrangler.toml's [assets] directory). */
export const CLIENT_ASSETS_DIR = "dist/client";

/** Output name (under CLIENT_ASSETS_DIR, without .js) -> entry module; the pages link /assets/<name>.js. */
export const CLIENT_BUNDLES: Record<string, string> = {
  "assets/inbox": "src/inbox/client/main.ts",
  "assets/playground": "src/playground/client/main.ts",
};

export async function buildClient(root: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: CLIENT_BUNDLES,
    outdir: CLIENT_ASSETS_DIR,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    charset: "utf8",
    legalComments: "none",
    logLevel: "warning",
  });
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await buildClient(resolve(fileURLToPath(import.meta.url), "../.."));
