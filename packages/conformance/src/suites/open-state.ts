import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { expectTargetUnchanged, METHOD_CALLS, prepareTarget } from "./method-calls.js";
import { expectCode, readFileBytes, testTimeout, writeBytes } from "./support.js";

/**
 * Registers the handle-state traits: every I/O method on a handle that was neither initialized nor
 * resumed rejects with `JOBSTORE_NOT_OPEN`, and on a closed handle with `JOBSTORE_CLOSED`, in both cases
 * without touching the store.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerOpenStateTests(options));
 * ```
 * @public
 */
export function registerOpenStateTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("handle state", () => {
    it(
      "config on a handle that is not open throws JOBSTORE_NOT_OPEN",
      async () => {
        const f = await useFixture(options);
        const raw = await f.openRaw();
        await expectCode(() => raw.config, "JOBSTORE_NOT_OPEN");
      },
      timeout,
    );

    for (const method of METHOD_CALLS.filter((m) => m.needsOpen)) {
      it(
        `${method.name} on a handle that is not open rejects with JOBSTORE_NOT_OPEN and changes nothing`,
        async () => {
          const f = await useFixture(options);
          const target = await prepareTarget(f);
          // The store exists; only this handle was never initialized or resumed.
          const raw = await f.openRaw();
          await expectCode(method.call(raw, target, {}), "JOBSTORE_NOT_OPEN");
          await expectTargetUnchanged(f, target);
        },
        timeout,
      );
    }

    it(
      "assignJobId on a closed handle throws JOBSTORE_CLOSED",
      async () => {
        const f = await useFixture(options);
        await f.store.close();
        await expectCode(() => f.store.assignJobId({ jobName: "late" }), "JOBSTORE_CLOSED");
      },
      timeout,
    );

    it(
      "config on a closed handle throws JOBSTORE_CLOSED",
      async () => {
        const f = await useFixture(options);
        await f.store.close();
        await expectCode(() => f.store.config, "JOBSTORE_CLOSED");
      },
      timeout,
    );

    for (const method of METHOD_CALLS) {
      it(
        `${method.name} on a closed handle rejects with JOBSTORE_CLOSED and changes nothing`,
        async () => {
          const f = await useFixture(options);
          const target = await prepareTarget(f);
          await f.store.close();
          await expectCode(method.call(f.store, target, {}), "JOBSTORE_CLOSED");
          await expectTargetUnchanged(f, target);
        },
        timeout,
      );
    }

    it(
      "close is idempotent, also through Symbol.asyncDispose",
      async () => {
        const f = await useFixture(options);
        await f.store.close();
        await f.store.close();
        await f.store[Symbol.asyncDispose]();
        await expectCode(f.store.jobExists("x"), "JOBSTORE_CLOSED");
      },
      timeout,
    );

    it(
      "closing one handle leaves another handle on the same store working",
      async () => {
        const f = await useFixture(options);
        const other = await f.open();
        const fileId = await writeBytes(f.store, "still here");
        await f.store.close();
        expect((await readFileBytes(other, fileId)).toString()).toBe("still here");
        const job = await other.createJob(other.assignJobId({ jobName: "after close" }));
        expect(await other.jobExists(job.jobStoreId)).toBe(true);
      },
      timeout,
    );
  });
}
