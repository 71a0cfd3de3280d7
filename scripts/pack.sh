#!/usr/bin/env bash
# `npm run pack [-- DIR]`: builds every package (tsc -b) and packs each public one into DIR (default
# ./packs) with pnpm, which turns workspace ranges into real ones and applies publishConfig (exports → dist).
# Each package's `prepack` builds too, so a lone `pnpm pack` in a package cannot ship an unbuilt tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-packs}")
bash scripts/install-deps.sh
rm -rf "$out"
mkdir -p "$out"
npx -y pnpm@12.4.2 exec tsc -b
for manifest in packages/*/package.json; do
  dir=$(dirname "$manifest")
  if node -e 'process.exit(require(process.argv[1]).private ? 0 : 1)' "$(realpath "$manifest")"; then continue; fi
  (cd "$dir" && npx -y pnpm@12.4.2 pack --pack-destination "$out" >/dev/null)
done
ls -l "$out"/*.tgz | awk '{ printf "%8.1f KiB  %s\n", $5 / 1024, $9 }'
