#!/usr/bin/env bash
# `npm run bench` / `pnpm bench`: prints the AWS backend's request counts and throughput (on the local AWS
# stack, started here when run as root), the same for the Azure backend (on Azurite, started here if not
# running) and the SimpleDB client's requests/s. Tables only, no assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
tsx=bench/node_modules/.bin/tsx
"$tsx" bench/aws-bench.ts
# azure: on Azurite: the running one from the environment, else one started for this run and stopped after.
if [[ -n ${AZURE_STORAGE_CONNECTION_STRING:-} && -n ${AZURE_STORAGE_BLOB_ENDPOINT:-} ]]; then
  "$tsx" bench/azure-bench.ts
else
  bench_azure_dir=$(mktemp -d)
  trap 'bash scripts/local-azure stop --dir "$bench_azure_dir" >/dev/null 2>&1 || true' EXIT
  (eval "$(bash scripts/local-azure start --dir "$bench_azure_dir")" && "$tsx" bench/azure-bench.ts)
fi
"$tsx" packages/client-simpledb/bench/simpledb-bench.ts
"$tsx" bench/concurrency-bench.ts
bash scripts/bench-peer.sh ${BENCH_PEER_ARGS:-} # Toil FileJobStore vs memory: and file: (BENCH_PEER_ARGS="--quick" for a short run)
