#!/bin/sh
# Runs a command with Node >= 22.12 and the project's dependencies in place, installing what is missing:
# Node 22 from the npm registry into .tools/node22 (when the machine's node is older), then the npm dependencies.
# Used by `npm start` and `npm test`, so both work on a fresh machine that has only Node 20 and npm.
set -eu
cd "$(dirname "$0")/.."

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_is_recent; then
  if [ ! -x .tools/node22/node_modules/.bin/node ]; then
    echo "bootstrap: Node $(node -v 2>/dev/null || echo none) is older than 22.12; installing node@22 from the npm registry into .tools/node22" >&2
    npm install --prefix .tools/node22 --no-save --no-package-lock --no-audit --no-fund node@22 >&2
  fi
  PATH="$PWD/.tools/node22/node_modules/.bin:$PATH"
  export PATH
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the npm 11 on these machines writes lock files without other platforms'
  # optional packages, which `npm ci` then rejects. The lock file still pins every version.
  echo "bootstrap: installing dependencies with Node $(node -v)" >&2
  npm install --no-audit --no-fund >&2
fi

export WRANGLER_SEND_METRICS=false
exec "$@"
