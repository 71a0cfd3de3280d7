#!/usr/bin/env bash
# `npm test`: installs what the tests need and runs every test of every package.
# As root it also brings up the local AWS stack (Ceph radosgw + simpledb-local, installing Ceph from
# Debian if missing) so the AWS backend's conformance run happens; otherwise those tests skip and say why.
# A full run (no arguments) then checks the skipped tests against scripts/expected-skips.txt and fails on
# any difference; JOBSTORE_UPDATE_SKIPS=1 rewrites the list's capability-based rules instead.
# It always starts Azurite for the azure: backend (JOBSTORE_SKIP_AZURE=1 skips it), and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-tools.sh

stack_started=0
fs_started=0
azure_started=0
cleanup() {
  if [ "$stack_started" = 1 ]; then bash scripts/local-aws stop >/dev/null 2>&1 || true; fi
  if [ "$fs_started" = 1 ]; then bash scripts/test-filesystems stop >/dev/null 2>&1 || true; fi
  if [ "$azure_started" = 1 ]; then bash scripts/local-azure stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if [ -n "${AWS_ENDPOINT_URL_S3:-}" ] && [ -n "${AWS_ENDPOINT_URL_SIMPLEDB:-}" ]; then
  echo "test: using the AWS endpoints from the environment ($AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL_SIMPLEDB)"
  export JOBSTORE_AWS_IT=1
elif [ "${JOBSTORE_SKIP_AWS:-0}" != 1 ] && [ "$(id -u)" = 0 ]; then
  echo "test: starting the local AWS stack (scripts/local-aws start)"
  if ! bash scripts/local-aws status >/dev/null 2>&1; then stack_started=1; fi
  # One more try on a failed start: a daemon that loses a start-up race on a loaded machine should not
  # turn the whole run red (local-aws stops what it started and keeps its logs before it exits).
  if ! bash scripts/local-aws start >/dev/null; then
    echo "test: the local AWS stack did not start; trying once more"
    bash scripts/local-aws stop >/dev/null 2>&1 || true
    bash scripts/local-aws start >/dev/null
  fi
  # shellcheck disable=SC1091
  source .local-aws/env
else
  echo "test: the AWS backend's tests will be SKIPPED: run as root (scripts/local-aws installs Ceph from Debian)"
  echo "      or export AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL_SIMPLEDB from 'scripts/local-aws env' first."
fi

# The file backend's tests on FUSE, btrfs, xfs and exFAT (scripts/test-filesystems installs bindfs,
# btrfs-progs, xfsprogs, exfatprogs and exfat-fuse from Debian if missing, mounts small sparse images);
# they skip and say why where it cannot run (not root, no /dev/fuse, no loop devices).
if [ "${JOBSTORE_SKIP_TEST_FS:-0}" != 1 ] && [ "$(id -u)" = 0 ]; then
  if [ ! -s .test-filesystems/env ]; then
    fs_started=1
    bash scripts/test-filesystems start >/dev/null || echo "test: scripts/test-filesystems start failed; those tests will skip"
  fi
  # shellcheck disable=SC1091
  if [ -s .test-filesystems/env ]; then source .test-filesystems/env; fi
else
  echo "test: the file backend's tests on FUSE, btrfs, xfs and exFAT will be SKIPPED: run as root (scripts/test-filesystems)"
fi

# Azurite (the azurite npm package; no root needed) for the azure: backend's tests.
if [ -n "${AZURE_STORAGE_CONNECTION_STRING:-}" ]; then
  echo "test: using AZURE_STORAGE_CONNECTION_STRING from the environment"
elif [ "${JOBSTORE_SKIP_AZURE:-0}" != 1 ]; then
  echo "test: starting Azurite (scripts/local-azure start)"
  if ! bash scripts/local-azure status >/dev/null 2>&1; then azure_started=1; fi
  bash scripts/local-azure start >/dev/null
  # shellcheck disable=SC1091
  source .local-azure/env
fi

npx -y pnpm@12.4.2 exec tsc -b
npx -y pnpm@12.4.2 exec tsc -p tsconfig.tests.json
report=$(mktemp)
status=0
npx -y pnpm@12.4.2 exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain summary line that any CI reads, whatever the runner prints above it.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$report" || true
if [ $# -eq 0 ] && [ -s "$report" ]; then
  if [ "${JOBSTORE_UPDATE_SKIPS:-0}" = 1 ]; then
    node scripts/check-skips.mjs "$report" --update
  elif ! node scripts/check-skips.mjs "$report"; then
    status=1
  fi
else
  echo "test: skipped tests not checked (a partial run: $*)"
fi
rm -f "$report"
exit "$status"
