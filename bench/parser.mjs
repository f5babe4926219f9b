// npm run bench:parser: the webhook body parser's time on the worst generated bodies (test/corpus/
// adversarial-bodies.ts) at 32, 64, 128 and 256 KB, next to a plain message body of the same size, in one run.
// The parser is bundled with esbuild (wrangler's) so the numbers are those of the code the Worker runs, in V8.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const HELP = `usage: npm run bench:parser [-- --runs N]

Times parseWebhookBody (src/webhook/parse-body.ts) on every adversarial generator and template shape of
test/corpus/adversarial-bodies.ts at 32, 64, 128 and 256 KB and prints, per size, the slowest body's median
time (fastest of --runs) next to a plain message body of the same size, the ratio, and the recovery's steps per character.
  --runs N   timed runs per body (the fastest is reported), default 15
`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(HELP);
  process.exit(0);
}
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write(`--runs must be a positive whole number\n\n${HELP}`);
  process.exit(2);
}

const outfile = join(mkdtempSync(join(tmpdir(), "bench-parser-")), "parser.mjs");
await build({
  stdin: {
    contents: `export { parseWebhookBody } from "./src/webhook/parse-body";
export { recoverTemplate } from "./src/webhook/template-recovery";
export { ADVERSARIAL_MESSAGES, bodyAround } from "./test/corpus/adversarial-bodies";`,
    resolveDir: process.cwd(),
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile,
  logLevel: "warning",
});
const { parseWebhookBody, recoverTemplate, ADVERSARIAL_MESSAGES, bodyAround } = await import(
  pathToFileURL(outfile).href
);

const SHAPES = ["guide", "fields-after", "profile-after", "many-before"];
const KNOWN = new Set(["user_id", "phone_number", "message", "profile_name", "profile"]);

/** As the Worker gets it: decoded from UTF-8 bytes into one flat string. */
const asReceived = (text) => new TextDecoder().decode(new TextEncoder().encode(text));

/** The fastest of RUNS timed runs: on a shared 2-core machine the minimum is the least disturbed figure. */
function bestMs(body) {
  parseWebhookBody(body); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    parseWebhookBody(body);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const rows = [];
for (const kb of [32, 64, 128, 256]) {
  const bytes = kb * 1024;
  const plain = asReceived(bodyAround("guide", "plain text ".repeat(bytes / 11)));
  let worst = { ms: -1 };
  let maxSteps = 0;
  for (const [name, generate] of Object.entries(ADVERSARIAL_MESSAGES)) {
    for (const shape of SHAPES) {
      const body = asReceived(bodyAround(shape, generate(bytes)));
      const ms = bestMs(body);
      const steps = recoverTemplate(body, KNOWN)?.steps ?? 0;
      maxSteps = Math.max(maxSteps, steps / body.length);
      if (ms > worst.ms) worst = { ms, name: `${name}/${shape}`, size: body.length };
    }
  }
  const plainMs = bestMs(plain);
  rows.push({
    size: `${kb} KB`,
    "plain body ms": plainMs.toFixed(2),
    "worst body ms": worst.ms.toFixed(2),
    ratio: (worst.ms / plainMs).toFixed(1),
    "worst generator": worst.name,
    "max steps/char": maxSteps.toFixed(2),
  });
}
console.table(rows);
console.log(`fastest of ${RUNS} runs per body; Node ${process.version}; budget: 8 steps/char (STEP_BUDGET_PER_CHAR)`);
