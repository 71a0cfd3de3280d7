import { describe, it } from "vitest";
import type { DurabilityOptions } from "./options.js";
import { formatReport } from "./report.js";
import { durabilityScale, runDurabilityCheck } from "./run-durability-check.js";

/**
 * Registers the durability suite for one backend: real worker processes, really killed and really racing,
 * on one fresh store per test. Call it once, at the top level of a vitest file.
 *
 * @remarks
 * - crash: a worker updating jobs and files is SIGKILLed at random moments, and every second time in the
 *   middle of a large write; every object must then be a whole version (acknowledged or in flight),
 *   checksums valid, what a write killed midway left found by `findLeftovers`, and nothing left after
 *   leftovers are removed and the store destroyed;
 * - file race: 2–4 processes update one file at once, round after round: exactly one wins, the others
 *   get `JOBSTORE_CONCURRENT_MODIFICATION`, nothing is silently lost;
 * - job race: 2–4 processes update one job (sizes that must cross the declared chunk and spill limits)
 *   while another loads it: never torn, never `JOBSTORE_NO_SUCH_JOB`, the last acknowledged write survives;
 * - faults (opt-in, `options.faults`): the same writes through fault injectors, which must inject faults
 *   (and proxy connections, where `connections()` is given): no corruption, no hang, every failure a
 *   coded `JobStoreError`.
 *
 * Workers are `node --import tsx` processes that import `options.workerModule` (which registers the
 * backend) and open `options.locator(...)`. Each test logs its figures and lists every violation.
 *
 * @example
 * ```ts
 * import { describeJobStoreDurability } from "@jobstore/conformance";
 *
 * describeJobStoreDurability({
 *   name: "foo",
 *   workerModule: new URL("../src/index.ts", import.meta.url).href, // registers "foo:"
 *   locator: ({ tempDir }) => `foo:${tempDir}/store`,
 * });
 * ```
 * @public
 */
export function describeJobStoreDurability(options: DurabilityOptions): void {
  const timeout = options.testTimeoutMs ?? 300_000 * durabilityScale(options);
  const check = (name: Parameters<typeof runDurabilityCheck>[1]) => async () => {
    const report = await runDurabilityCheck(options, name);
    console.log(formatReport(options.name, report));
    if (report.violations.length > 0) {
      throw new Error(`${report.violations.length} durability violations:\n${report.violations.join("\n")}`);
    }
  };
  // The checks use separate stores and mostly wait (on storage, kill delays, held-open races): run at once.
  describe.concurrent(`jobstore durability: ${options.name}`, () => {
    it(
      "crash: after SIGKILLs every job and file is a whole acknowledged or in-flight version, and nothing is left after destroy",
      {
        timeout,
      },
      check("crash"),
    );
    it(
      "file race: exactly one of the racing updates wins, the others get JOBSTORE_CONCURRENT_MODIFICATION",
      {
        timeout,
      },
      check("file-race"),
    );
    it(
      "job race: a job updated by racing writers while loaded is never torn or missing, and keeps the last acknowledged write",
      {
        timeout,
      },
      check("job-race"),
    );
    it.skipIf(!options.faults)(
      "faults: reset, delayed and truncated connections cause no corruption, no hang, only coded errors",
      {
        timeout,
      },
      check("faults"),
    );
  });
}
