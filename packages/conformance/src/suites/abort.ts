import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { expectTargetUnchanged, METHOD_CALLS, prepareTarget } from "./method-calls.js";
import { abortedSignal, expectCode, readFileBytes, testTimeout, writeBytes, writeChunks } from "./support.js";

/** How long a backend that ignores a mid-stream abort gets before the callback ends the stream anyway. */
const IGNORED_ABORT_GRACE_MS = 2_000;

/**
 * Registers the abort tests: an already-aborted signal makes every method reject with
 * `JOBSTORE_ABORTED` (an `AbortError`) before any I/O, and a signal aborted while a stream is being
 * written stops the write without storing anything.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerAbortTests(options));
 * ```
 * @public
 */
export function registerAbortTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("abort signals", () => {
    for (const method of METHOD_CALLS) {
      it(
        `${method.name} with an aborted signal rejects with JOBSTORE_ABORTED and changes nothing`,
        async () => {
          const f = await useFixture(options);
          const target = await prepareTarget(f);
          const signal = abortedSignal();
          const error = await method.call(f.store, target, { signal }).then(
            () => undefined,
            (err: unknown) => err,
          );
          expect(error, "the call succeeded").toBeDefined();
          await expectCode(Promise.reject(error), "JOBSTORE_ABORTED");
          expect((error as Error).name).toBe("AbortError");
          await expectTargetUnchanged(f, target);
        },
        timeout,
      );
    }

    it(
      "writeFileStream aborted mid-stream rejects with JOBSTORE_ABORTED and stores nothing",
      async () => {
        const f = await useFixture(options);
        const controller = new AbortController();
        let fileId: string | undefined;
        const write = f.store.writeFileStream(
          async (writable, id) => {
            fileId = id;
            await writeChunks(writable, Buffer.alloc(64 * 1024, 1));
            controller.abort(new Error("stop"));
            // A backend that honours the signal fails the write, which destroys this writable. One that
            // ignores it would wait for the end of the stream forever, so end it after a grace period:
            // the file must still not be stored.
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, IGNORED_ABORT_GRACE_MS);
              writable.once("close", () => {
                clearTimeout(timer);
                resolve();
              });
            });
            if (!writable.destroyed) writable.end();
          },
          { signal: controller.signal },
        );
        await expectCode(write, "JOBSTORE_ABORTED");
        expect(fileId).toBeDefined();
        expect(await f.store.fileExists(fileId as string)).toBe(false);
      },
      timeout,
    );

    it(
      "updateFileStream aborted mid-stream rejects with JOBSTORE_ABORTED and keeps the old content",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "old content");
        const controller = new AbortController();
        const update = f.store.updateFileStream(
          fileId,
          async (writable) => {
            await writeChunks(writable, Buffer.alloc(64 * 1024, 2));
            controller.abort(new Error("stop"));
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, IGNORED_ABORT_GRACE_MS);
              writable.once("close", () => {
                clearTimeout(timer);
                resolve();
              });
            });
            if (!writable.destroyed) writable.end();
          },
          { signal: controller.signal },
        );
        await expectCode(update, "JOBSTORE_ABORTED");
        const reader = await f.open();
        expect((await readFileBytes(reader, fileId)).toString()).toBe("old content");
      },
      timeout,
    );
  });
}
