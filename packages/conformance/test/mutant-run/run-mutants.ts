import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The name of the unmutated control run every child process makes beside its mutants. */
export const CONTROL = "control";

/** What the child run reported for one mutant. */
export interface MutantOutcome {
  /** Full names (describe path without the suite title, then the test) of the tests that failed. */
  failed: string[];
  passed: number;
  skipped: number;
}

interface JsonReport {
  testResults: Array<{
    message?: string;
    assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }>;
  }>;
}

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const CONFIG = fileURLToPath(new URL("./vitest.config.ts", import.meta.url));
const SUITE_PREFIX = "jobstore conformance: mutant ";
// The multi-MiB example tests take seconds each and exercise nothing a mutant changes.
const SKIP_HEAVY = String.raw`^(?!.*\b[1-9]\d+ MiB\b)`;

function vitestBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
}

async function runChild(mutants: readonly string[], propertyRuns: number): Promise<JsonReport> {
  const dir = await mkdtemp(join(tmpdir(), "jobstore-mutants-"));
  const output = join(dir, "report.json");
  try {
    const args = [
      vitestBin(),
      "run",
      "--config",
      CONFIG,
      "--reporter=json",
      `--outputFile=${output}`,
      "-t",
      SKIP_HEAVY,
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JOBSTORE_MUTANT: mutants.join(","),
      JOBSTORE_MUTANT_RUNS: String(propertyRuns),
    };
    delete env.FC_SEED;
    delete env.FC_PATH;
    delete env.FC_REPLAY_PATH;
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    await new Promise<void>((resolve) => {
      // A non-zero exit is the expected outcome (the mutants fail); the report says what happened.
      execFile(process.execPath, args, { cwd: PACKAGE_DIR, env, maxBuffer: 64 * 1024 * 1024 }, () =>
        resolve(),
      );
    });
    return JSON.parse(await readFile(output, "utf8")) as JsonReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the whole conformance suite against the named mutants in `processes` child vitest runs, and
 * returns per mutant which tests failed. Every child also runs the unmutated model backend: its outcome
 * (summed over the children) is under {@link CONTROL}, and must have no failure for the mutants' to mean
 * anything.
 */
export async function runMutants(
  mutants: readonly string[],
  { processes = 2, propertyRuns = 30 } = {},
): Promise<Map<string, MutantOutcome>> {
  const groups = Array.from({ length: processes }, (_, i) => mutants.filter((_, k) => k % processes === i));
  const reports = await Promise.all(
    groups.filter((g) => g.length > 0).map((g) => runChild([CONTROL, ...g], propertyRuns)),
  );
  const outcomes = new Map<string, MutantOutcome>(
    [CONTROL, ...mutants].map((name) => [name, { failed: [], passed: 0, skipped: 0 }]),
  );
  for (const report of reports) {
    for (const file of report.testResults) {
      for (const test of file.assertionResults) {
        const [suite, ...path] = test.ancestorTitles;
        const outcome = suite?.startsWith(SUITE_PREFIX)
          ? outcomes.get(suite.slice(SUITE_PREFIX.length))
          : undefined;
        if (!outcome) continue;
        if (test.status === "failed") outcome.failed.push([...path, test.title].join(" > "));
        else if (test.status === "passed") outcome.passed++;
        else outcome.skipped++;
      }
    }
  }
  return outcomes;
}
