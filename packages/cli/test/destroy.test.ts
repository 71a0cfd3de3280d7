import { PassThrough } from "node:stream";
import { isJobStoreError, openJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, run, seedStore } from "./harness.js";

async function exists(locator: string): Promise<boolean> {
  const store = await openJobStore(locator);
  try {
    await store.resume();
    return true;
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_STORE")) return false;
    throw err;
  } finally {
    await store.close();
  }
}

function terminalInput(): PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void } {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
}

describe("destroy", () => {
  it("refuses without --yes when there is no terminal: exit 2, store kept", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const { code, stderr } = await run(["destroy", "-s", store]);
    expect(code).toBe(EXIT_CODES.USAGE);
    expect(stderr).toContain("--yes");
    expect(await exists(store)).toBe(true);
  });

  it("destroys with --yes", async () => {
    const store = memoryLocator();
    await seedStore(store);
    expect((await run(["destroy", "-s", store, "--yes"])).code).toBe(EXIT_CODES.OK);
    expect(await exists(store)).toBe(false);
  });

  it("asks on a terminal and keeps the store when the answer is no (exit 1)", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const stdin = terminalInput();
    const running = run(["destroy", "-s", store], { tty: true, stdin });
    setTimeout(() => stdin.write("n\r"), 100);
    const { code, stderr } = await running;
    expect(stderr).toContain("Destroy");
    expect(code).toBe(EXIT_CODES.FAILURE);
    expect(await exists(store)).toBe(true);
  });

  it("asks on a terminal and destroys when the answer is yes", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const stdin = terminalInput();
    const running = run(["destroy", "-s", store], { tty: true, stdin });
    setTimeout(() => stdin.write("y\r"), 100);
    expect((await running).code).toBe(EXIT_CODES.OK);
    expect(await exists(store)).toBe(false);
  });

  it("exits 3 for a missing store", async () => {
    expect((await run(["destroy", "-s", memoryLocator(), "--yes"])).code).toBe(EXIT_CODES.NO_SUCH_STORE);
  });
});
