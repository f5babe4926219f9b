#!/bin/sh
# Starts the Worker locally and offline: local workerd (`--local`, so the AI binding never needs an account),
# the offline model and the local Braze sink. Uses .dev.vars if you made one, else the committed example.
set -eu
cd "$(dirname "$0")/.."
# A knowledge file added or removed since the last run must be in the bundle (src/ai/knowledge-files.ts).
node scripts/knowledge-index.mjs
if [ -f .dev.vars ]; then
  exec npx wrangler dev --local "$@"
fi
exec npx wrangler dev --local --env-file .dev.vars.example "$@"
