#!/usr/bin/env node
// `node scripts/check-skips.mjs <vitest JSON report> [--update]`: compares the tests that skipped in a
// run with scripts/expected-skips.txt and fails on any difference, so a suite that starts skipping (a
// backend declaring away a capability, a service gone missing, a broken condition) turns CI red instead
// of green. With --update it rewrites the `always` rules from the report (keeping comments and the
// conditional rules): run it after adding or removing a capability-based skip, and commit the list.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const listPath = join(root, "scripts", "expected-skips.txt");

// When a rule applies. A new conditional suite (a service its tests need) adds one entry here and its
// rules to the list.
const CONDITIONS = {
  always: () => true,
  "no-aws": () => !(process.env.JOBSTORE_AWS_IT && process.env.AWS_ENDPOINT_URL_S3),
  "no-tmux": () => spawnSync("tmux", ["-V"]).status !== 0,
  "no-azure": () => !process.env.AZURE_STORAGE_CONNECTION_STRING,
  // Any of the file systems scripts/test-filesystems mounts as root is missing.
  "no-testfs": () =>
    ["FUSE", "BTRFS", "XFS", "EXFAT"].some((name) => !process.env[`JOBSTORE_TEST_FS_${name}`]),
};

const [reportPath, flag] = process.argv.slice(2);
if (!reportPath) {
  console.error("usage: node scripts/check-skips.mjs <vitest JSON report> [--update]");
  process.exit(2);
}

/** Skipped tests per file (relative path), for every file that ran. */
function skippedByFile(report) {
  const skipped = new Map();
  for (const file of report.testResults) {
    const path = relative(root, file.name);
    const names = file.assertionResults
      .filter((t) => t.status === "skipped" || t.status === "pending" || t.status === "todo")
      .map((t) => [...t.ancestorTitles, t.title].join(" > "));
    skipped.set(path, names);
  }
  return skipped;
}

/** The list's lines, each either kept text (comment, blank) or a rule. */
function readRules() {
  return readFileSync(listPath, "utf8")
    .split("\n")
    .map((text, index) => {
      const bare = text.replace(/#.*/, "").trim();
      if (bare === "") return { text };
      const [when, file, count, ...rest] = bare.split(/\s+/);
      if (!(when in CONDITIONS) || !file || !/^(\d+|\*)$/.test(count ?? "") || rest.length > 0) {
        throw new Error(`${listPath}:${index + 1}: expected "<when> <file> <count|*>", got: ${text}`);
      }
      return { text, rule: { when, file, count: count === "*" ? "*" : Number(count) } };
    });
}

const skipped = skippedByFile(JSON.parse(readFileSync(reportPath, "utf8")));
const lines = readRules();
const rules = lines.filter((l) => l.rule).map((l) => l.rule);
const holds = (rule) => CONDITIONS[rule.when]();

/** What the list expects of a file now: any number (`*`), or the sum of the counts that apply. */
function expected(file, { withAlways = true } = {}) {
  const applying = rules.filter((r) => r.file === file && holds(r) && (withAlways || r.when !== "always"));
  if (applying.some((r) => r.count === "*")) return "*";
  return applying.reduce((sum, r) => sum + r.count, 0);
}

if (flag === "--update") {
  const always = new Map();
  for (const [file, names] of skipped) {
    const other = expected(file, { withAlways: false });
    if (other === "*") continue;
    if (names.length - other > 0) always.set(file, names.length - other);
  }
  const out = [];
  for (const line of lines) {
    const r = line.rule;
    // An `always` rule of a file that ran is replaced by the measured one; of a file that did not run, kept.
    if (r?.when === "always" && skipped.has(r.file)) continue;
    out.push(line.text);
  }
  while (out.at(-1) === "") out.pop();
  for (const [file, n] of [...always].sort()) out.push(`always ${file} ${n}`);
  writeFileSync(listPath, `${out.join("\n")}\n`);
  console.log(`check-skips: wrote ${always.size} always rules to scripts/expected-skips.txt`);
  process.exit(0);
}

const problems = [];
let total = 0;
for (const [file, names] of skipped) {
  total += names.length;
  const want = expected(file);
  if (want === "*" || want === names.length) continue;
  const shown = names
    .slice(0, 5)
    .map((n) => `\n      ${n}`)
    .join("");
  problems.push(`${file}: ${names.length} skipped, the list expects ${want}${shown}`);
}
if (problems.length > 0) {
  const held = Object.keys(CONDITIONS).filter((c) => CONDITIONS[c]());
  console.error(
    `check-skips: the skipped tests differ from scripts/expected-skips.txt (conditions now: ${held.join(", ")}):`,
  );
  for (const p of problems) console.error(`  ${p}`);
  console.error(
    "  A new intended skip: update the list (JOBSTORE_UPDATE_SKIPS=1 npm test, or node scripts/check-skips.mjs <report> --update).",
  );
  process.exit(1);
}
console.log(`check-skips: ${total} skipped tests, as scripts/expected-skips.txt expects`);
