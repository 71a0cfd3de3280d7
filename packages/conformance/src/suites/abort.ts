import type { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { expectTargetUnchanged, METHOD_CALLS, prepareTarget } from "./method-calls.js";
import { abortedSignal, expectCode, readFileBytes, testTimeout, writeBytes, writeChunks } from "./support.js";

/** How long a backend that ignores a mid-stream abort gets before the callback ends the stream anyway. */
const IGNORED_ABORT_GRACE_MS = 2_000;

/**
 * Delays after a call starts at which its signal fires: 0 lands in the call's first request (a metadata
 * read on most backends), the others somewhere later, wherever the backend's latency puts them.
 */
const ABORT_DELAYS_MS = [0, 1, 3, 10, 30] as const;

/** Where, in a stream write, the signal fires: the callback's moments, or a delay after the call. */
type AbortPoint = "in the callback" | "after some bytes" | "after end" | `${number} ms after the call`;

const STREAM_POINTS: readonly AbortPoint[] = [
  "in the callback",
  "after some bytes",
  "after end",
  ...ABORT_DELAYS_MS.map((ms) => `${ms} ms after the call` as const),
];

/**
 * A stream-write callback and a signal that fires at `point`. The callback writes two chunks and ends,
 * unless the signal has destroyed the writable by then.
 */
function abortingWrite(point: AbortPoint, data: Buffer) {
  const controller = new AbortController();
  const fire = () => controller.abort(new Error(`stop ${point}`));
  const delay = /^(\d+) ms/.exec(point)?.[1];
  const arm = () => {
    if (delay !== undefined) setTimeout(fire, Number(delay));
  };
  const write = async (writable: Writable) => {
    if (point === "in the callback") fire();
    await writeChunks(writable, data.subarray(0, data.length / 2)).catch(() => undefined);
    if (point === "after some bytes") fire();
    await writeChunks(writable, data.subarray(data.length / 2)).catch(() => undefined);
    if (!writable.destroyed) writable.end();
    if (point === "after end") fire();
  };
  return { signal: controller.signal, arm, write };
}

/**
 * Writes `chunk`, fires the call's signal, and waits for the write to stop. A backend that honours the
 * signal fails the write, which destroys the writable. One that ignores it would wait for the end of the
 * stream forever, so the stream is ended after a grace period: the write must still store nothing.
 */
async function writeThenAbort(writable: Writable, chunk: Buffer, controller: AbortController): Promise<void> {
  await writeChunks(writable, chunk);
  controller.abort(new Error("stop"));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, IGNORED_ABORT_GRACE_MS);
    writable.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (!writable.destroyed) writable.end();
}

/**
 * What a call whose signal fired ended as: `"done"` (it finished before the signal mattered), or
 * `"aborted"` after checking the rejection is `JOBSTORE_ABORTED` and not retryable (a cancelled call is
 * no storage failure, and a retry loop must not repeat it).
 */
async function abortOutcome(call: Promise<unknown>, what: string): Promise<"done" | "aborted"> {
  const error = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (error === undefined) return "done";
  const seen = error as { code?: unknown; retryable?: unknown; message?: unknown };
  expect(
    { code: seen.code, retryable: seen.retryable === true },
    `${what}: ${String(seen.message ?? error)}`,
  ).toEqual({ code: "JOBSTORE_ABORTED", retryable: false });
  return "aborted";
}

/**
 * Registers the abort tests: an already-aborted signal makes every method reject with
 * `JOBSTORE_ABORTED` (an `AbortError`) before any I/O, a signal aborted while a stream is being
 * written stops the write without storing anything, and a signal fired at any point of
 * `writeFileStream`, `updateFileStream` or `loadJob` (metadata reads included) ends the call either done
 * or `JOBSTORE_ABORTED`, never retryable, leaving the old content or the new one.
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
            await writeThenAbort(writable, Buffer.alloc(64 * 1024, 1), controller);
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
            await writeThenAbort(writable, Buffer.alloc(64 * 1024, 2), controller);
          },
          { signal: controller.signal },
        );
        await expectCode(update, "JOBSTORE_ABORTED");
        const reader = await f.open();
        expect((await readFileBytes(reader, fileId)).toString()).toBe("old content");
      },
      timeout,
    );

    it(
      "a signal fired at any point of updateFileStream gives JOBSTORE_ABORTED, not retryable, or the update",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "old content");
        const fresh = Buffer.alloc(128 * 1024, 3);
        for (const point of STREAM_POINTS) {
          const { signal, arm, write } = abortingWrite(point, fresh);
          const update = f.store.updateFileStream(fileId, write, { signal });
          arm();
          const outcome = await abortOutcome(update, `updateFileStream, signal ${point}`);
          const now = await readFileBytes(await f.open(), fileId);
          const expected = outcome === "done" ? [fresh] : [Buffer.from("old content"), fresh];
          expect(
            expected.some((b) => b.equals(now)),
            `content after updateFileStream ${outcome}, signal ${point}`,
          ).toBe(true);
          if (!now.toString().startsWith("old"))
            await f.store.updateFileStream(fileId, (w) => void w.end("old content"));
        }
      },
      testTimeout(options, 3),
    );

    it(
      "a signal fired at any point of writeFileStream gives JOBSTORE_ABORTED, not retryable, or the file",
      async () => {
        const f = await useFixture(options);
        const data = Buffer.alloc(128 * 1024, 4);
        for (const point of STREAM_POINTS) {
          const { signal, arm, write } = abortingWrite(point, data);
          let fileId: string | undefined;
          const written = f.store.writeFileStream(
            (writable, id) => {
              fileId = id;
              return write(writable);
            },
            { signal },
          );
          arm();
          const outcome = await abortOutcome(written, `writeFileStream, signal ${point}`);
          if (outcome === "done") {
            const got = await readFileBytes(await f.open(), fileId as string);
            expect(got.equals(data), `the file written, signal ${point}`).toBe(true);
          }
        }
      },
      testTimeout(options, 3),
    );

    it(
      "a signal fired at any point of loadJob gives JOBSTORE_ABORTED, not retryable, or the job",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(
          f.store.assignJobId({ jobName: "loaded", body: "x".repeat(4000) }),
        );
        for (const ms of ABORT_DELAYS_MS) {
          const controller = new AbortController();
          const load = f.store.loadJob(job.jobStoreId, { signal: controller.signal });
          setTimeout(() => controller.abort(new Error("stop")), ms);
          const loaded = load.then((got) => {
            expect(got, `the job loaded, signal ${ms} ms after the call`).toEqual(job);
          });
          await abortOutcome(loaded, `loadJob, signal ${ms} ms after the call`);
        }
      },
      timeout,
    );

    it(
      "a signal fired while readFileStream's stream is read ends it with JOBSTORE_ABORTED, not retryable, or all of it",
      async () => {
        const f = await useFixture(options);
        // Large enough that the backend cannot have it all buffered when the signal fires.
        const data = Buffer.alloc(8 * 1024 * 1024, 5);
        const fileId = await f.store.writeFileStream((w) => writeChunks(w, data).then(() => void w.end()));
        const controller = new AbortController();
        const stream = await f.store.readFileStream(fileId, { signal: controller.signal });
        let read = 0;
        const drained = (async () => {
          for await (const chunk of stream) {
            if (read === 0) controller.abort(new Error("stop"));
            read += (chunk as Buffer).length;
          }
        })();
        if ((await abortOutcome(drained, "reading the stream")) === "done") expect(read).toBe(data.length);
      },
      testTimeout(options, 2),
    );
  });
}
