#!/usr/bin/env bash
# `npm run bench`: the benchmarks (bench/run.ts) with Node 24, as the action runs.
# Arguments pass through: --only <figure>, --runs N, --write (see bench/args.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
echo "node $(node --version)"
exec vite-node bench/run.ts -- "$@"
