// npm run layout: enforces the layout rules of CONTRIBUTING.md that Biome cannot see (its noImportCycles works
// per file). Reads every src/**/*.ts file's import lines as text (type-only imports ignored: they vanish at build)
// and fails, naming each offender, when:
//  1. top-level src/ folders import each other in a cycle at run time;
//  2. Hono is imported outside the HTTP layer (src/app.ts, src/routes/, src/inbox/ but not its client/);
//  3. a model SDK (ai, @ai-sdk/*, workers-ai-provider) is imported outside src/ai/;
//  4. src/pipeline/, src/flows/ or src/ai/ import the conversation's storage (src/conversation/store/, or the
//     whole of src/conversation/ while it has no store/ folder);
//  5. a file is over 300 lines without a `// layout: <reason>` line saying why, or more than two files are;
//  6. browser code sits inside a string of a server module (a string literal, template literals included, that
//     calls document.*, addEventListener, querySelector or getElementById).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SRC = join(ROOT, "src");
const MAX_LINES = 300;
const MAX_LONG_FILES = 2;
const HTTP_LAYER = [/^app\.ts$/, /^routes\//, /^inbox\/(?!client\/)/];
const MODEL_SDK = /^(ai|@ai-sdk\/.+|workers-ai-provider)$/;
const PURE_FOLDERS = ["pipeline", "flows", "ai"];
const BROWSER_CODE = /\bdocument\.\w|\.addEventListener\(|\.querySelector(All)?\(|\.getElementById\(/;

if (process.argv.includes("--help")) {
  process.stdout.write(
    "usage: npm run layout\nChecks the layout rules in CONTRIBUTING.md; exits 1 on any violation.\n",
  );
  process.exit(0);
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** Runtime import specifiers of a file: `import type` / `export type` and all-type brace lists left out. */
function runtimeImports(text) {
  const specifiers = [];
  // The clause stops at a semicolon, so a match cannot start at an earlier statement (`export const x = 1;`)
  // and swallow the next import, which would count a type-only import as a runtime one.
  const pattern =
    /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["'];?|^\s*import\s+["']([^"']+)["'];?/gm;
  for (const match of text.matchAll(pattern)) {
    if (match[5]) {
      specifiers.push(match[5]);
      continue;
    }
    if (match[2]) continue;
    const clause = match[3].trim();
    const braces = /^\{([\s\S]*)\}$/.exec(clause);
    const names = braces
      ? braces[1]
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [clause];
    if (braces && names.every((name) => name.startsWith("type "))) continue;
    specifiers.push(match[4]);
  }
  return specifiers;
}

/**
 * Whether a string literal of the file holds browser code. Comment lines are dropped first (an apostrophe or a
 * backtick in prose would open a "string"); template literals are read whole, as they may span many lines.
 */
function hasBrowserCodeInString(text) {
  const code = text.replace(/^\s*(\/\/|\/\*|\*).*$/gm, "");
  const literals = code.match(/`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g) ?? [];
  return literals.some((literal) => BROWSER_CODE.test(literal));
}

/** Lines as an editor counts them: a final newline does not start another line. */
const lineCount = (text) => text.replace(/\n$/, "").split("\n").length;

/** The top-level unit of a src path: its folder, or the file itself for src/*.ts. */
function unitOf(relPath) {
  const parts = relPath.split("/");
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, "");
}

function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

const problems = [];
const edges = new Map(); // unit -> Map(unit -> example "a.ts -> b.ts")
const longFiles = [];
const files = sourceFiles(SRC);
const hasStoreFolder = files.some((f) => relative(SRC, f).startsWith("conversation/store/"));

/** Rules 3 and 2 for a package import; true when the specifier was a package (nothing to resolve). */
function checkPackage(rel, specifier) {
  if (specifier === "hono" || specifier.startsWith("hono/")) {
    if (!HTTP_LAYER.some((rule) => rule.test(rel)))
      problems.push(`${rel}: imports ${specifier} outside the HTTP layer`);
  } else if (MODEL_SDK.test(specifier)) {
    if (unitOf(rel) !== "ai") problems.push(`${rel}: imports the model SDK ${specifier} outside src/ai/`);
  }
  return !specifier.startsWith(".");
}

/** Rule 4 for a file's import, and the folder edge it adds for rule 1. */
function checkLocalImport(file, rel, specifier) {
  const target = resolveImport(file, specifier);
  if (!target) return;
  const targetRel = relative(SRC, target);
  const from = unitOf(rel);
  const to = unitOf(targetRel);
  const storage = hasStoreFolder ? targetRel.startsWith("conversation/store/") : to === "conversation";
  if (PURE_FOLDERS.includes(from) && storage) problems.push(`${rel}: imports conversation storage ${targetRel}`);
  if (from === to) return;
  if (!edges.has(from)) edges.set(from, new Map());
  if (!edges.get(from).has(to)) edges.get(from).set(to, `${rel} -> ${targetRel}`);
}

for (const file of files) {
  const rel = relative(SRC, file);
  const text = readFileSync(file, "utf8");
  const lines = lineCount(text);
  if (lines > MAX_LINES) {
    const reason = /^\s*\/\/ layout: (.+)$/m.exec(text);
    longFiles.push(rel);
    if (!reason) problems.push(`${rel}: ${lines} lines, over ${MAX_LINES} with no "// layout: <reason>" line`);
  }
  if (!rel.includes("/client/") && hasBrowserCodeInString(text)) {
    problems.push(`${rel}: browser code inside a string (move it to a client/ module)`);
  }
  for (const specifier of runtimeImports(text)) {
    if (!checkPackage(rel, specifier)) checkLocalImport(file, rel, specifier);
  }
}
if (longFiles.length > MAX_LONG_FILES) {
  problems.push(
    `${longFiles.length} files over ${MAX_LINES} lines (at most ${MAX_LONG_FILES}): ${longFiles.join(", ")}`,
  );
}

// Cycles: strongly connected components of the folder graph (Tarjan), each with one example edge per step.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function connect(unit) {
  index.set(unit, counter);
  low.set(unit, counter++);
  stack.push(unit);
  onStack.add(unit);
  for (const next of edges.get(unit)?.keys() ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(unit, Math.min(low.get(unit), low.get(next)));
    } else if (onStack.has(next)) low.set(unit, Math.min(low.get(unit), index.get(next)));
  }
  if (low.get(unit) !== index.get(unit)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== unit);
  if (component.length < 2) return;
  const inside = component.flatMap((a) =>
    [...(edges.get(a) ?? new Map())].filter(([b]) => component.includes(b)).map(([, example]) => example),
  );
  problems.push(`import cycle between ${component.sort().join(", ")}:\n    ${inside.join("\n    ")}`);
}
for (const unit of edges.keys()) if (!index.has(unit)) connect(unit);

if (problems.length > 0) {
  process.stderr.write(`layout: ${problems.length} problem(s)\n  ${problems.join("\n  ")}\n`);
  process.exit(1);
}
console.log(
  `layout: ok (${files.length} files, ${edges.size} folders with imports, ${longFiles.length} over ${MAX_LINES} lines)`,
);
