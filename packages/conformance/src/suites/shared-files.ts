import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { digest, expectCode, randomData, readSharedBytes, testTimeout, writeChunks } from "./support.js";

/** Names outside `^[a-zA-Z0-9._-]+$`. */
const INVALID_NAMES = ["", "a/b", "foo bar", "ünï", "name\n", "a:b", "*", "x?y"];
/** Names inside it, including the edge ones. */
const VALID_NAMES = ["a", ".", "..", "-", "_", "config.json.bak", "A-Z_0.9"];

/**
 * Registers the shared file tests: binary and UTF-8 round trips across handles, replacement, name
 * validation, survival of job deletion, and encryption as the capabilities state it.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerSharedFileTests(options));
 * ```
 * @public
 */
export function registerSharedFileTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("shared files", () => {
    it(
      "a binary shared file written on one handle reads back on both",
      async () => {
        const f = await useFixture(options);
        await f.store.writeSharedFileStream("foo", (w) => void w.end(Buffer.from("bar")));
        const reader = await f.open();
        expect((await readSharedBytes(reader, "foo")).toString()).toBe("bar");
        expect((await readSharedBytes(f.store, "foo")).toString()).toBe("bar");
      },
      timeout,
    );

    it(
      "a UTF-8 text shared file reads back as the same text on both handles",
      async () => {
        const f = await useFixture(options);
        await f.store.writeSharedFileStream("text", (w) => {
          w.write("bär ", "utf8");
          w.end("✓ 𝄞", "utf8");
        });
        const reader = await f.open();
        expect((await readSharedBytes(reader, "text")).toString("utf8")).toBe("bär ✓ 𝄞");
        expect((await readSharedBytes(f.store, "text")).toString("utf8")).toBe("bär ✓ 𝄞");
      },
      timeout,
    );

    it(
      "writeSharedFileStream replaces the content, larger or smaller, and an empty shared file reads empty",
      async () => {
        const f = await useFixture(options);
        const reader = await f.open();
        for (const size of [10, 300_000, 3, 0, 257]) {
          const data = randomData(size);
          await f.store.writeSharedFileStream("replaced", (w) => writeChunks(w, data));
          expect(digest(await readSharedBytes(reader, "replaced"))).toBe(digest(data));
        }
      },
      timeout,
    );

    it(
      "every name matching ^[a-zA-Z0-9._-]+$ is accepted",
      async () => {
        const f = await useFixture(options);
        // A long name too, within the backend's stated limit.
        const max = f.capabilities.maxSharedNameBytes;
        for (const name of [...VALID_NAMES, "x".repeat(max > 0 ? Math.min(200, max) : 200)]) {
          await f.store.writeSharedFileStream(name, (w) => void w.end(name));
          expect((await readSharedBytes(f.store, name)).toString()).toBe(name);
        }
      },
      timeout,
    );

    for (const name of INVALID_NAMES) {
      it(
        `writeSharedFileStream and readSharedFileStream of ${JSON.stringify(name)} reject with JOBSTORE_INVALID_NAME`,
        async () => {
          const f = await useFixture(options);
          let called = false;
          await expectCode(
            f.store.writeSharedFileStream(name, () => {
              called = true;
            }),
            "JOBSTORE_INVALID_NAME",
          );
          expect(called).toBe(false);
          await expectCode(f.store.readSharedFileStream(name), "JOBSTORE_INVALID_NAME");
        },
        timeout,
      );
    }

    it(
      "shared files survive the deletion of every job",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "j" }));
        await f.store.writeSharedFileStream("survivor", (w) => void w.end("still here"));
        await f.store.deleteJob(job.jobStoreId);
        expect((await readSharedBytes(f.store, "survivor")).toString()).toBe("still here");
      },
      timeout,
    );

    it(
      "a shared file written with encrypted: false reads back on another handle",
      async () => {
        const f = await useFixture(options);
        await f.store.writeSharedFileStream("clear", (w) => void w.end("in the clear"), { encrypted: false });
        const reader = await f.open();
        expect((await readSharedBytes(reader, "clear")).toString()).toBe("in the clear");
      },
      timeout,
    );

    it(
      "writeSharedFileStream with encrypted: true and no key rejects with JOBSTORE_ENCRYPTION",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.encryption) skip("capabilities.encryption is true: this backend has a key");
        await expectCode(
          f.store.writeSharedFileStream("secret", (w) => void w.end("x"), { encrypted: true }),
          "JOBSTORE_ENCRYPTION",
        );
        await expectCode(f.store.readSharedFileStream("secret"), "JOBSTORE_NO_SUCH_FILE");
      },
      timeout,
    );

    it(
      "a shared file written with encrypted: true reads back on another handle with the key",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (!f.capabilities.encryption) skip("capabilities.encryption is false: no key configured");
        const data = randomData(1000);
        await f.store.writeSharedFileStream("secret", (w) => void w.end(data), { encrypted: true });
        await f.store.writeSharedFileStream("default", (w) => void w.end(data));
        const reader = await f.open();
        expect(digest(await readSharedBytes(reader, "secret"))).toBe(digest(data));
        expect(digest(await readSharedBytes(reader, "default"))).toBe(digest(data));
      },
      timeout,
    );
  });
}
