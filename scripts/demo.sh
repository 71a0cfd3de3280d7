#!/usr/bin/env bash
# `npm run demo [-- --store <locator>] [--keep] [--no-crash]`: installs the workspace's dependencies when
# they are missing or stale, then runs the workflow demo (examples/src/cli.ts) with the arguments given.
# Needs only Node 20+ and npm: pnpm is fetched by npx at the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Run from examples/ so that openJobStore finds the backends (@jobstore/core loads them lazily from the
# application, and examples/ is the application here).
cd examples
exec node_modules/.bin/tsx src/cli.ts "$@"
