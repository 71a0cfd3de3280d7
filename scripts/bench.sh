#!/usr/bin/env bash
# `npm run bench` / `pnpm bench`: prints the AWS backend's request counts and throughput (on the local AWS
# stack, started here when run as root) and the SimpleDB client's requests/s. Tables only, no assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
tsx=bench/node_modules/.bin/tsx
"$tsx" bench/aws-bench.ts
"$tsx" packages/client-simpledb/bench/simpledb-bench.ts
"$tsx" bench/concurrency-bench.ts
bash scripts/bench-peer.sh ${BENCH_PEER_ARGS:-} # Toil FileJobStore vs memory: and file: (BENCH_PEER_ARGS="--quick" for a short run)
