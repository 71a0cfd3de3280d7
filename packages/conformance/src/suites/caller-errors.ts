import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import {
  expectFailedSharedWriteKeepsPrevious,
  failedFileWrite,
  partSizeOf,
  randomData,
  readFileBytes,
  testTimeout,
  writeBytes,
} from "./support.js";

/**
 * Registers the "whose fault" tests (SPEC, Errors): an error the caller passes to `destroy(err)` on a
 * writable the store handed it comes back unchanged, never wrapped as a storage failure, and the write
 * stores nothing (or keeps the previous content).
 *
 * @example
 * ```ts
 * describe("my backend", () => registerCallerErrorTests(options));
 * ```
 * @public
 */
export function registerCallerErrorTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("caller errors", () => {
    it(
      "writeFileStream whose writable the caller destroys with an error rejects with that error and stores nothing",
      async () => {
        const f = await useFixture(options);
        const mine = new Error("the caller's own failure");
        const fileId = await failedFileWrite(f.store, mine, async (w) => {
          w.write("partial");
          w.destroy(mine);
        });
        expect(await f.store.fileExists(fileId)).toBe(false);
      },
      timeout,
    );

    it(
      "updateFileStream whose writable the caller destroys mid-part keeps the old content and rejects with the caller's error",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "old");
        const mine = new Error("the caller's own failure");
        await expect(
          f.store.updateFileStream(fileId, async (w) => {
            w.write(randomData(Math.min(partSizeOf(f.store) + 1, 8 * 1024 * 1024)));
            w.destroy(mine);
          }),
        ).rejects.toBe(mine);
        expect((await readFileBytes(f.store, fileId)).toString()).toBe("old");
      },
      timeout,
    );

    it(
      "writeSharedFileStream whose writable the caller destroys with an error keeps the previous shared file",
      async () => {
        const f = await useFixture(options);
        const mine = new Error("the caller's own failure");
        await expectFailedSharedWriteKeepsPrevious(f.store, mine, (w) => {
          w.write("half");
          w.destroy(mine);
        });
      },
      timeout,
    );
  });
}
