#!/usr/bin/env bash
# `npm run demo [-- --store <locator>] [--keep] [--no-crash]`: installs the workspace's dependencies when
# they are missing or stale, then runs the workflow demo (examples/src/cli.ts) with the arguments given.
# Needs only Node 20+ and npm: pnpm is fetched by npx at the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.jobstore-install-stamp
# install-deps.sh only compares its stamp with the root package.json and the lockfile; a workspace
# package's manifest changed since, or the demo's own links missing, also call for an install.
if [ -f "$stamp" ]; then
  if [ ! -e examples/node_modules/@jobstore/core ] || [ ! -e examples/node_modules/.bin/tsx ] ||
    [ -n "$(find packages examples bench -maxdepth 2 -name package.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    rm -f "$stamp"
  fi
fi

if [ -f scripts/install-deps.sh ]; then
  bash scripts/install-deps.sh
elif [ ! -e examples/node_modules/.bin/tsx ]; then
  npx -y pnpm@12.4.2 install --frozen-lockfile || npx -y pnpm@12.4.2 install
fi

# Run from examples/ so that openJobStore finds the backends (@jobstore/core loads them lazily from the
# application, and examples/ is the application here).
cd examples
exec node_modules/.bin/tsx src/cli.ts "$@"
