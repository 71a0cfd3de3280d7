import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collectJobs, expectCode, readFileBytes, testTimeout, writeBytes } from "./support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Registers the lifecycle tests: `initialize`, `resume`, the persisted config, `writeConfig` and
 * `destroy` (idempotent, on never-opened, half-created and corrupted stores).
 *
 * @example
 * ```ts
 * describe("my backend", () => registerLifecycleTests(options));
 * ```
 * @public
 */
export function registerLifecycleTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("lifecycle", () => {
    it(
      "initialize assigns a UUID workflowId and keeps the given config fields",
      async () => {
        const f = await useFixture(options, { initialize: false });
        await f.store.initialize({ maxJobs: 7, label: "conformance" });
        expect(f.store.config.workflowId).toMatch(UUID);
        expect(f.store.config).toMatchObject({ maxJobs: 7, label: "conformance" });
      },
      timeout,
    );

    it(
      "resume on another handle loads an equal but distinct config",
      async () => {
        const f = await useFixture(options, { initialize: false });
        await f.store.initialize({ nested: { list: [1, "two", null] } });
        const reader = await f.open();
        expect(reader.config).toEqual(f.store.config);
        expect(reader.config).not.toBe(f.store.config);
      },
      timeout,
    );

    it(
      "writeConfig persists a changed config for a later resume",
      async () => {
        const f = await useFixture(options);
        f.store.config.retries = 3;
        await f.store.writeConfig();
        const reader = await f.open();
        expect(reader.config.retries).toBe(3);
        expect(reader.config.workflowId).toBe(f.store.config.workflowId);
      },
      timeout,
    );

    it(
      "initialize on an existing store from a second handle rejects with JOBSTORE_EXISTS",
      async () => {
        const f = await useFixture(options);
        const second = await f.openRaw();
        await expectCode(second.initialize(), "JOBSTORE_EXISTS");
        // The failed attempt must not have replaced the config.
        const reader = await f.open();
        expect(reader.config.workflowId).toBe(f.store.config.workflowId);
      },
      timeout,
    );

    it(
      "initialize twice on one handle rejects with JOBSTORE_EXISTS",
      async () => {
        const f = await useFixture(options);
        await expectCode(f.store.initialize(), "JOBSTORE_EXISTS");
      },
      timeout,
    );

    it(
      "resume on a never-created store rejects with JOBSTORE_NO_SUCH_STORE",
      async () => {
        const f = await useFixture(options, { initialize: false });
        await expectCode(f.store.resume(), "JOBSTORE_NO_SUCH_STORE");
      },
      timeout,
    );

    it(
      "resume on a destroyed store rejects with JOBSTORE_NO_SUCH_STORE",
      async () => {
        const f = await useFixture(options);
        await f.store.destroy();
        const reader = await f.openRaw();
        await expectCode(reader.resume(), "JOBSTORE_NO_SUCH_STORE");
      },
      timeout,
    );

    it(
      "destroy removes every job, file, shared file and log message",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "doomed" }));
        const fileId = await writeBytes(f.store, "job file", { jobId: job.jobStoreId });
        const looseId = await writeBytes(f.store, "loose file");
        await f.store.writeSharedFileStream("shared.txt", (w) => void w.end("shared"));
        await f.store.writeLogs("a message");
        await f.store.setRootJob(job.jobStoreId);
        await f.store.destroy();

        const fresh = await f.openRaw();
        await fresh.initialize();
        expect(await fresh.jobExists(job.jobStoreId)).toBe(false);
        expect(await collectJobs(fresh)).toEqual([]);
        expect(await fresh.fileExists(fileId)).toBe(false);
        expect(await fresh.fileExists(looseId)).toBe(false);
        await expectCode(fresh.readSharedFileStream("shared.txt"), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(fresh.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
        expect(await fresh.readLogs(() => {}, { readAll: true })).toBe(0);
      },
      timeout,
    );

    it(
      "initialize on the same handle after destroy starts an empty store with a new workflowId",
      async () => {
        const f = await useFixture(options);
        const before = f.store.config.workflowId;
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "old" }));
        await f.store.destroy();
        await f.store.initialize();
        expect(f.store.config.workflowId).not.toBe(before);
        expect(await f.store.jobExists(job.jobStoreId)).toBe(false);
      },
      timeout,
    );

    it(
      "destroy is idempotent on an initialized handle and on a never-opened one",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "x" }));
        await f.store.destroy();
        await f.store.destroy();
        const neverOpened = await f.openRaw();
        await neverOpened.destroy();
        await neverOpened.destroy();
        await f.store.destroy();
        const fresh = await f.openRaw();
        await expectCode(fresh.resume(), "JOBSTORE_NO_SUCH_STORE");
        await fresh.initialize();
        expect(await fresh.jobExists(job.jobStoreId)).toBe(false);
      },
      timeout,
    );

    it(
      "destroy on a store that was never created succeeds",
      async () => {
        const f = await useFixture(options, { initialize: false });
        await f.store.destroy();
        await expectCode(f.store.resume(), "JOBSTORE_NO_SUCH_STORE");
      },
      timeout,
    );

    it(
      "destroy on a corrupted store succeeds from a fresh handle and leaves nothing behind",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "x" }));
        const fileId = await writeBytes(f.store, "content", { jobId: job.jobStoreId, cleanup: true });
        await f.corrupt();
        const fresh = await f.openRaw();
        await fresh.destroy();
        await fresh.destroy();
        await expectCode(fresh.resume(), "JOBSTORE_NO_SUCH_STORE");
        await fresh.initialize();
        expect(await fresh.jobExists(job.jobStoreId)).toBe(false);
        expect(await fresh.fileExists(fileId)).toBe(false);
      },
      timeout,
    );

    it(
      "destroy on a half-created store (storage made, no config written) succeeds",
      async () => {
        const f = await useFixture(options, { initialize: false });
        // What a crash between creating the storage and writing config.json leaves behind.
        const backend = await f.openBackend();
        await backend.create({});
        await expectCode(f.store.resume(), "JOBSTORE_NO_SUCH_STORE");
        const fresh = await f.openRaw();
        await fresh.destroy();
        await fresh.initialize();
        const fileId = await writeBytes(fresh, "works");
        expect((await readFileBytes(fresh, fileId)).toString()).toBe("works");
      },
      timeout,
    );
  });
}
