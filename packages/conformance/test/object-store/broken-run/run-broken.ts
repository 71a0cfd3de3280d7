import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One failed test of a broken run: its path below the suite's title, and why it failed. */
export interface FailedCheck {
  test: string;
  message: string;
}

/** What the child run reported for one broken adapter. */
export interface BrokenOutcome {
  failed: FailedCheck[];
  passed: number;
  skipped: number;
}

interface JsonReport {
  testResults: Array<{
    assertionResults: Array<{
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages?: string[];
    }>;
  }>;
}

const PACKAGE_DIR = fileURLToPath(new URL("../../..", import.meta.url));

/** Which child run {@link runBroken} starts: its vitest config, and the title its broken suites start with. */
export interface BrokenRun {
  config: string;
  suitePrefix: string;
}

const OBJECT_STORE_RUN: BrokenRun = {
  config: fileURLToPath(new URL("./vitest.config.ts", import.meta.url)),
  suitePrefix: "object store contract: broken ",
};

function vitestBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
}

/**
 * Runs a suite (by default describeObjectStore) against each named broken implementation in one child vitest run (a failing run
 * cannot be asserted from inside itself) and returns, per flaw, which tests failed and why.
 */
export async function runBroken(
  flaws: readonly string[],
  run: BrokenRun = OBJECT_STORE_RUN,
): Promise<Map<string, BrokenOutcome>> {
  const dir = await mkdtemp(join(tmpdir(), "jobstore-broken-run-"));
  const output = join(dir, "report.json");
  let report: JsonReport;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, JOBSTORE_BROKEN_FLAWS: flaws.join(",") };
    for (const name of ["VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID"]) delete env[name];
    const args = [vitestBin(), "run", "--config", run.config, "--reporter=json", `--outputFile=${output}`];
    await new Promise<void>((resolve) => {
      // A non-zero exit is the expected outcome; the report says what happened.
      execFile(process.execPath, args, { cwd: PACKAGE_DIR, env, maxBuffer: 64 * 1024 * 1024 }, () =>
        resolve(),
      );
    });
    report = JSON.parse(await readFile(output, "utf8")) as JsonReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const outcomes = new Map<string, BrokenOutcome>(
    flaws.map((f) => [f, { failed: [], passed: 0, skipped: 0 }]),
  );
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const [suite, ...path] = test.ancestorTitles;
      const outcome = suite?.startsWith(run.suitePrefix)
        ? outcomes.get(suite.slice(run.suitePrefix.length))
        : undefined;
      if (!outcome) continue;
      if (test.status === "failed") {
        const message = (test.failureMessages ?? []).join("\n");
        outcome.failed.push({ test: [...path, test.title].join(" > "), message });
      } else if (test.status === "passed") outcome.passed++;
      else outcome.skipped++;
    }
  }
  return outcomes;
}
