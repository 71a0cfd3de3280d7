#!/usr/bin/env bash
# `bash scripts/bench-peer.sh [--rounds N] [--jobs N] [--quick] [--no-toil] [--no-file] [--json FILE]`:
# Toil's FileJobStore against jobstore's memory: and file: stores on the phases of
# ../shared/peer/toil_filejobstore_bench.py, alternating rounds in one run; prints medians and ratios.
# TOIL_PEER_SCRIPT names the Toil script when it is not in ../shared/peer/.
# Installs the npm dependencies, and as root installs Toil from Debian when it is missing (~136 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
script=${TOIL_PEER_SCRIPT:-../shared/peer/toil_filejobstore_bench.py}
if [ ! -f "$script" ]; then
  echo "bench-peer: the Toil peer script $script is missing (shared/peer/ beside the repository, or TOIL_PEER_SCRIPT); the Toil column will be skipped" >&2
elif ! /usr/bin/python3 -c 'import toil.jobStores.fileJobStore' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench-peer: installing Toil from Debian (apt-get install toil)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends toil >/dev/null
  else
    echo "bench-peer: Toil is not installed and this is not root; the Toil column will be skipped" >&2
  fi
fi
exec bench/node_modules/.bin/tsx bench/peer/peer-bench.ts "$@"
