#!/usr/bin/env bash
# The consumer check (CI): packs every public package, lints the tarballs (publint, attw), installs them with
# plain npm into a fresh project outside the workspace, then (a) runs a plain `node app.mjs` on memory: and
# file:, (b) type-checks a TypeScript consumer under nodenext and bundler resolution, (c) require()s the
# packages from a .cjs file, (d) starts `npx simpledb-local --port 0` and asks it something, (e) runs a tiny
# third-party backend through @jobstore/conformance from the project's own vitest, (g) builds a third-party
# ObjectStore adapter (conformance's directory-backed reference adapter, copied in) with tsc against the
# packed types and runs describeObjectStore on it and the conformance suite on createObjectStoreBackend over
# it, then opens its `dir:` scheme through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d /tmp/jobstore-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
step() { printf '\nconsumer-check: %s\n' "$*"; }

step "packing"
bash scripts/pack.sh "$work/packs"

step "publint and attw on every tarball"
for tarball in "$work"/packs/*.tgz; do
  npx -y pnpm@12.4.2 exec publint run "$tarball" | grep -v '^Unpacking\|^Linting' || exit 1
  # ESM only, by decision (docs/decisions.md): require() works through Node's require(esm), so the
  # "CJS importing ESM" resolution is expected and the other rules still fail the check.
  if npx -y pnpm@12.4.2 exec attw "$tarball" --profile esm-only --quiet; then
    echo "attw: $(basename "$tarball"): no problems (esm-only profile)"
  else
    npx -y pnpm@12.4.2 exec attw "$tarball" --profile esm-only --format ascii
    exit 1
  fi
done

step "installing the tarballs with npm in $work/app"
mkdir -p "$work/app"
cp -r scripts/consumer/. "$work/app/"
# The adapter of (g) is the reference adapter itself, not a copy kept in sync by hand.
cp packages/conformance/test/object-store/fs-object-store.ts \
  packages/conformance/test/object-store/fs-object-store-parts.ts "$work/app/dir-backend/src/"
node - "$work" <<'JS'
const fs = require("node:fs");
const path = require("node:path");
const work = process.argv[2];
const packs = fs.readdirSync(path.join(work, "packs")).filter((f) => f.endsWith(".tgz"));
const deps = {};
for (const file of packs) {
  const name = "@jobstore/" + file.replace(/^jobstore-/, "").replace(/-\d+\.\d+\.\d+.*\.tgz$/, "");
  deps[name] = `file:../packs/${file}`;
}
const pkg = {
  name: "jobstore-consumer",
  private: true,
  type: "module",
  // The adapter of (g) as an installed package of another scope, found through JOBSTORE_BACKENDS.
  dependencies: { ...deps, "jobstore-dir-backend": "file:./dir-backend" },
  // Our tarballs depend on each other by version range; point those ranges at the local tarballs too.
  overrides: deps,
  devDependencies: { typescript: "5.9.3", "@types/node": "^20.19.0", vitest: "4.1.12", "fast-check": "4.10.2" },
};
fs.writeFileSync(path.join(work, "app", "package.json"), JSON.stringify(pkg, null, 2));
JS
(cd "$work/app" && npm install --no-audit --no-fund --loglevel=error)

cd "$work/app"
step "(a) plain node app.mjs"
node app.mjs
step "(b) TypeScript consumer: nodenext and bundler"
npx tsc -p tsconfig.nodenext.json
npx tsc -p tsconfig.bundler.json
echo "tsc: nodenext and bundler ok"
step "(c) require() from app.cjs"
node app.cjs
step "(d) npx simpledb-local --port 0"
node - <<'JS'
const { spawn } = require("node:child_process");
// Its own process group, so that npx and the server it starts are ended together.
const child = spawn("npx", ["simpledb-local", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"], detached: true });
const stop = () => { try { process.kill(-child.pid, "SIGTERM"); } catch {} };
const timer = setTimeout(() => { stop(); console.error("simpledb-local did not start in 30 s"); process.exit(1); }, 30000);
let out = "";
child.stdout.on("data", async (chunk) => {
  out += chunk;
  const match = /listening on (\S+)/.exec(out);
  if (!match) return;
  clearTimeout(timer);
  const res = await fetch(`${match[1]}/?Action=ListDomains`);
  const body = await res.text();
  stop();
  // Unsigned: the server must answer with a SimpleDB XML error, which proves it parsed the request.
  if (!/<Response>|<Errors>|ListDomainsResponse/.test(body)) { console.error(body); process.exit(1); }
  console.log(`simpledb-local answered HTTP ${res.status} at ${match[1]}`);
  process.exit(0);
});
JS
step "(f) npx jobstore --help, and jobstore status on the file: store app.mjs leaves"
npx jobstore --help
store_dir=$(mktemp -d)
node --input-type=module -e "
  import { openJobStore } from '@jobstore/core';
  const store = await openJobStore('file:$store_dir/run');
  await store.initialize();
  await store.createJob(store.assignJobId({ jobName: 'consumer' }));
  await store.close();
"
npx jobstore status -s "file:$store_dir/run" --json | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (s.backend !== "file" || s.jobs.count !== 1) {
    console.error("jobstore status did not report the job:", JSON.stringify(s)); process.exit(1);
  }
  console.log("jobstore status --json reports the store");
'
rm -rf "$store_dir"
step "(e) a third-party backend runs @jobstore/conformance from its own vitest"
npx vitest run --root tiny-backend
step "(g) a third-party ObjectStore adapter: describeObjectStore, conformance on the generic backend, dir: in the CLI"
npx tsc -p dir-backend
npx vitest run --root dir-backend
store_dir=$(mktemp -d)
export JOBSTORE_BACKENDS=jobstore-dir-backend
help=$(npx jobstore --help)
grep -q 'dir: *jobstore-dir-backend' <<<"$help" || { echo "jobstore --help does not list dir:"; echo "$help"; exit 1; }
echo "jobstore --help lists dir: from jobstore-dir-backend"
node --input-type=module -e "
  import { openJobStore } from '@jobstore/core';
  const store = await openJobStore('dir:$store_dir/run');
  await store.initialize();
  await store.createJob(store.assignJobId({ jobName: 'consumer' }));
  await store.close();
"
npx jobstore status -s "dir:$store_dir/run" --json | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (s.backend !== "dir" || s.jobs.count !== 1) {
    console.error("jobstore status did not report the dir: store:", JSON.stringify(s)); process.exit(1);
  }
  console.log("jobstore status --json reports the dir: store");
'
unset JOBSTORE_BACKENDS
rm -rf "$store_dir"
step "all consumer checks passed"
