#!/usr/bin/env bash
# Installs the system tools the tests drive for real (today: tmux, for the CLI's terminal tests), with
# apt-get when run as root, as scripts/local-aws installs Ceph. Not root and missing: says loudly which
# tests will skip; scripts/check-skips.mjs accepts those skips only while the tool is missing.
set -euo pipefail
TOOLS=(tmux)
missing=()
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log=$(mktemp /tmp/jobstore-install-tools.XXXXXX.log)
  echo "install-tools: installing ${missing[*]} with apt-get (log: $log)"
  if { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    rm -f "$log"
    exit 0
  fi
  echo "install-tools: apt-get install ${missing[*]} FAILED (see $log)" >&2
fi
echo "install-tools: ${missing[*]} MISSING: the tests that drive ${missing[*]} will be SKIPPED" >&2
echo "               (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
