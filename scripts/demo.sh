#!/usr/bin/env bash
# The demo: builds examples/hello for arm64 with the bundled action, through the runner harness,
# against local stand-ins for what these machines cannot reach (see scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" # Node 24, as the action runs
[ -f dist/main/index.js ] || npm run build
exec vite-node scripts/demo.ts "$@"
