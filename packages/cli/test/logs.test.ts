import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";

async function unreadCount(locator: string): Promise<number> {
  const store = await resumed(locator);
  let n = 0;
  for await (const entry of store.listLogs()) if (!entry.read) n += 1;
  await store.close();
  return n;
}

describe("logs", () => {
  it("prints the unread messages and marks nothing read", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const { code, stdout } = await run(["logs", "-s", store]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toBe("job child-1 finished\njob child-2 finished\n");
    expect(await unreadCount(store)).toBe(2);
  });

  it("prints every message with --all, as JSON lines with --json", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const { stdout } = await run(["logs", "-s", store, "--all", "--json"]);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { message: "job child-0 finished", read: true },
      { message: "job child-1 finished", read: false },
      { message: "job child-2 finished", read: false },
    ]);
  });

  it("marks what it prints read with --mark-read", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const first = await run(["logs", "-s", store, "--mark-read"]);
    expect(first.stdout).toBe("job child-1 finished\njob child-2 finished\n");
    expect(await unreadCount(store)).toBe(0);
    expect((await run(["logs", "-s", store])).stdout).toBe("");
  });

  it("with --follow prints new messages until interrupted, then exits 0", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const controller = new AbortController();
    const following = run(["logs", "-s", store, "--follow", "--interval", "100"], {
      signal: controller.signal,
    });
    await sleep(250);
    const writer = await resumed(store);
    await writer.writeLogs("late message");
    await sleep(400);
    controller.abort();
    const { code, stdout } = await following;
    await writer.close();
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toBe("job child-1 finished\njob child-2 finished\nlate message\n");
  });

  it("rejects a poll interval out of bounds with exit 2", async () => {
    const store = memoryLocator();
    await seedStore(store);
    for (const ms of ["5", "600000", "abc"]) {
      expect((await run(["logs", "-s", store, "--follow", "--interval", ms])).code, ms).toBe(
        EXIT_CODES.USAGE,
      );
    }
  });
});
