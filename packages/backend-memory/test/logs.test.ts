import { beforeEach, describe, expect, it } from "vitest";
import { codeOf, createFixture, type Fixture } from "./fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

async function collect(fx: Fixture, readAll = false): Promise<string[]> {
  const seen: string[] = [];
  const count = await fx.store.readLogs(
    (m) => {
      seen.push(m.toString("utf8"));
    },
    { readAll },
  );
  expect(count).toBe(seen.length);
  return seen;
}

describe("writeLogs and readLogs", () => {
  it("readLogs delivers each unread message once, then nothing", async () => {
    await fx.store.writeLogs("one");
    await fx.store.writeLogs(new TextEncoder().encode("two"));
    expect(await collect(fx)).toEqual(["one", "two"]);
    expect(await collect(fx)).toEqual([]);
  });

  it("readLogs with readAll delivers read messages first, then unread ones, never one twice", async () => {
    await fx.store.writeLogs("old");
    await collect(fx);
    await fx.store.writeLogs("new");
    expect(await collect(fx, true)).toEqual(["old", "new"]);
    expect(await collect(fx, true)).toEqual(["old", "new"]);
    expect(await collect(fx)).toEqual([]);
  });

  it("messages written on one handle are read on another", async () => {
    await fx.store.writeLogs("from a");
    const other = fx.handle();
    await other.resume();
    const seen: string[] = [];
    await other.readLogs((m) => {
      seen.push(m.toString());
    });
    expect(seen).toEqual(["from a"]);
  });

  it("two concurrent readLogs calls never deliver the same unread message", async () => {
    for (let i = 0; i < 10; i++) await fx.store.writeLogs(`m${i}`);
    const seen: string[] = [];
    const slow = async (m: Buffer) => {
      seen.push(m.toString());
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    await Promise.all([fx.store.readLogs(slow), fx.store.readLogs(slow)]);
    expect(seen.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
  });

  it("a callback that throws leaves the undelivered messages unread", async () => {
    const failure = new Error("the callback failed");
    await fx.store.writeLogs("a");
    await fx.store.writeLogs("b");
    await expect(
      fx.store.readLogs((m) => {
        if (m.toString() === "b") throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await collect(fx)).toEqual(["b"]);
  });

  it("mutating a delivered buffer does not change the stored message", async () => {
    await fx.store.writeLogs("abc");
    await fx.store.readLogs((m) => {
      m.fill(0);
    });
    expect(await collect(fx, true)).toEqual(["abc"]);
  });

  it("readLogs after close rejects with JOBSTORE_CLOSED", async () => {
    await fx.store.close();
    expect(await codeOf(fx.store.readLogs(() => {}))).toBe("JOBSTORE_CLOSED");
  });
});
