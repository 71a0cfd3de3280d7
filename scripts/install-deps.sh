#!/usr/bin/env bash
# Installs the workspace's npm dependencies with the pinned pnpm (corepack is not needed: npx fetches it).
# Skipped when nothing changed since the last install (a stamp newer than the lockfile and every manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM="npx -y pnpm@12.4.2"
stamp=node_modules/.jobstore-install-stamp
if [ -f "$stamp" ] && [ "$stamp" -nt pnpm-lock.yaml ] && [ -e examples/node_modules/.bin/tsx ] &&
  [ -z "$(find . -maxdepth 3 -name package.json -not -path '*/node_modules/*' -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
if ! $PNPM install --frozen-lockfile --reporter=append-only; then
  echo "install-deps: the lockfile is out of date; installing without --frozen-lockfile" >&2
  $PNPM install --reporter=append-only
fi
touch "$stamp"
