#!/usr/bin/env bash
# Installs the workspace's npm dependencies with the pinned pnpm (corepack is not needed: npx fetches it).
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM="npx -y pnpm@12.4.2"
stamp=node_modules/.jobstore-install-stamp
if [ -f "$stamp" ] && [ "$stamp" -nt pnpm-lock.yaml ] && [ "$stamp" -nt package.json ]; then
  exit 0
fi
if ! $PNPM install --frozen-lockfile --reporter=append-only; then
  echo "install-deps: the lockfile is out of date; installing without --frozen-lockfile" >&2
  $PNPM install --reporter=append-only
fi
touch "$stamp"
