#!/usr/bin/env bash
# `npm run release:dry-run`: what the next release would publish, without publishing or changing this
# checkout: applies the pending changesets (`changeset version`) in a throwaway copy, then lists each
# public package with its new version, its CHANGELOG entry and its tarball's contents (npm pack --dry-run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
status_out=$(npx -y pnpm@12.4.2 exec changeset status --verbose)
echo "$status_out"
# A changeset whose frontmatter a formatter broke (a lone package line read as a heading) releases nothing
# and says nothing: every file must be one that changesets lists.
for changeset in .changeset/*.md; do
  [ "$(basename "$changeset")" = README.md ] && continue
  if ! grep -qF "$changeset" <<<"$status_out"; then
    echo "release-dry-run: $changeset names no package changesets can read (keep a blank line before the closing ---)" >&2
    exit 1
  fi
done
copy=$(mktemp -d /tmp/jobstore-release.XXXXXX)
trap 'rm -rf "$copy"' EXIT
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy" 2>/dev/null || true
ln -s "$(pwd)/node_modules" "$copy/node_modules"
(cd "$copy" && npx -y pnpm@12.4.2 exec changeset version >/dev/null)
versions=$(mktemp)
for manifest in "$copy"/packages/*/package.json; do
  node -e '
    const p = require(process.argv[1]);
    if (!p.private) console.log(`\nwould publish ${p.name}@${p.version}`);
    if (!p.private) require("fs").appendFileSync(process.argv[2], `${p.version}\n`);
  ' "$manifest" "$versions"
  log=$(dirname "$manifest")/CHANGELOG.md
  [ -f "$log" ] && sed -n '1,12p' "$log" | sed 's/^/    /'
done
# Lockstep: every @jobstore/* package is in one changesets `fixed` group, so a release has one version.
if [ "$(sort -u "$versions" | wc -l)" != 1 ]; then
  echo "release-dry-run: the packages would not share one version: $(sort -u "$versions" | tr '\n' ' ')" >&2
  exit 1
fi
echo "release-dry-run: every package would publish as $(head -1 "$versions")"
rm -f "$versions"
