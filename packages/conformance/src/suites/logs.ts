import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { digest, randomData, testTimeout } from "./support.js";

/** Toil's `_largeLogEntrySize()` default. */
const LARGE_MESSAGE_BYTES = 1024 * 1024;

/**
 * Registers the stats-and-logging tests: unread messages are delivered once and marked read across
 * handles, `readAll` re-delivers every message exactly once, and large and binary messages survive.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerLogTests(options));
 * ```
 * @public
 */
export function registerLogTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("stats and logging", () => {
    it(
      "readLogs counts and delivers unread messages once across handles, and readAll re-delivers all",
      async () => {
        const f = await useFixture(options);
        const a = f.store;
        const b = await f.open();
        const job = await a.createJob(a.assignJobId({ jobName: "logger" }));

        const seen: Buffer[] = [];
        const collect = (m: Buffer) => void seen.push(Buffer.from(m));
        expect(await a.readLogs(collect)).toBe(0);
        expect(seen).toEqual([]);

        await b.writeLogs(Buffer.from("one"));
        expect(await a.readLogs(collect)).toBe(1);
        expect(seen.map(String)).toEqual(["one"]);
        expect(await a.readLogs(collect)).toBe(0);
        expect(await b.readLogs(collect)).toBe(0);

        seen.length = 0;
        await b.writeLogs("one");
        await b.writeLogs("two");
        expect(await a.readLogs(collect)).toBe(2);
        expect(seen.map(String).sort()).toEqual(["one", "two"]);

        seen.length = 0;
        const large = randomData(LARGE_MESSAGE_BYTES);
        await b.writeLogs(large);
        expect(await a.readLogs(collect)).toBe(1);
        expect(seen.map(digest)).toEqual([digest(large)]);

        seen.length = 0;
        expect(await b.readLogs(collect, { readAll: true })).toBe(4);
        expect(seen.map((m) => (m.length > 100 ? digest(m) : m.toString())).sort()).toEqual(
          ["one", "one", "two", digest(large)].sort(),
        );
        await a.deleteJob(job.jobStoreId);
      },
      timeout,
    );

    it(
      "readLogs with readAll delivers read and unread messages exactly once each and marks all read",
      async () => {
        const f = await useFixture(options);
        await f.store.writeLogs("read-1");
        await f.store.writeLogs("read-2");
        expect(await f.store.readLogs(() => {})).toBe(2);
        await f.store.writeLogs("unread-1");
        await f.store.writeLogs("unread-2");
        const seen: string[] = [];
        expect(await f.store.readLogs((m) => void seen.push(m.toString()), { readAll: true })).toBe(4);
        expect(seen.sort()).toEqual(["read-1", "read-2", "unread-1", "unread-2"]);
        expect(await f.store.readLogs(() => {})).toBe(0);
      },
      timeout,
    );

    it(
      "strings are stored as UTF-8 and bytes as given, empty messages included",
      async () => {
        const f = await useFixture(options);
        const bytes = Buffer.from([0, 255, 128, 10, 13, 0]);
        await f.store.writeLogs("żółć ✓");
        await f.store.writeLogs(new Uint8Array(bytes));
        await f.store.writeLogs("");
        const seen: string[] = [];
        expect(await (await f.open()).readLogs((m) => void seen.push(m.toString("hex")))).toBe(3);
        expect(seen.sort()).toEqual(
          [Buffer.from("żółć ✓").toString("hex"), bytes.toString("hex"), ""].sort(),
        );
      },
      timeout,
    );

    it(
      "readLogs awaits an async callback before counting the message as delivered",
      async () => {
        const f = await useFixture(options);
        await f.store.writeLogs("slow");
        let finished = 0;
        const count = await f.store.readLogs(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          finished++;
        });
        expect(count).toBe(1);
        expect(finished).toBe(1);
      },
      timeout,
    );

    it(
      "many messages written concurrently are each delivered once",
      async () => {
        const f = await useFixture(options);
        const reader = await f.open();
        await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? f.store : reader).writeLogs(`m${i}`)),
        );
        const seen: string[] = [];
        expect(await reader.readLogs((m) => void seen.push(m.toString()))).toBe(50);
        expect(new Set(seen).size).toBe(50);
      },
      timeout,
    );
  });
}
