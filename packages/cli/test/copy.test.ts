import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore, snapshot } from "./copy-check.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";

describe("copy", () => {
  it("copies a whole store: same workflow ID, jobs, file IDs and bytes, shared files, logs with read state, root job", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const seeded = await seedStore(from);
    const { code, stdout, stderr } = await run(["copy", from, to]);
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toContain("verified");
    await expectSameStore(from, to);
    const copy = await resumed(to);
    expect(copy.config.workflowId).toBe(seeded.workflowId);
    expect((await copy.loadRootJob()).jobStoreId).toBe(seeded.root.jobStoreId);
    expect(copy.config).not.toHaveProperty("jobstoreCopy");
    await copy.close();
    expect(JSON.parse((await run(["status", "-s", to, "--json"])).stdout).copyInProgress).toBe(false);
  });

  it("reports counts as JSON", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const seeded = await seedStore(from);
    const { code, stdout } = await run(["copy", from, to, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      from,
      to,
      workflowId: seeded.workflowId,
      resumed: false,
      verified: true,
      jobs: { copied: 4, skipped: 0 },
      files: { copied: seeded.files.length, skipped: 0 },
      logs: { copied: 3, skipped: 0 },
    });
  });

  it("prints no progress on a pipe and a progress bar with bytes and files on a terminal", async () => {
    const [from, to, to2] = [memoryLocator(), memoryLocator(), memoryLocator()];
    await seedStore(from);
    const piped = await run(["copy", from, to]);
    expect(piped.stderr).toBe("");
    const tty = await run(["copy", from, to2], { tty: true });
    expect(tty.code).toBe(EXIT_CODES.OK);
    expect(tty.stderr).toMatch(/\d+% \| [\d.]+ (B|KiB) \/ [\d.]+ KiB \| files \d+\/6/);
  });

  it("copies into an existing empty store", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    await seedStore(from);
    const empty = await (await import("@jobstore/core")).openJobStore(to);
    await empty.initialize();
    await empty.close();
    expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, to);
  });

  it("refuses a non-empty destination with exit 5, naming it, and changes nothing", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    await seedStore(from);
    await seedStore(to);
    const before = await snapshot(to);
    const { code, stderr } = await run(["copy", from, to]);
    expect(code).toBe(EXIT_CODES.CONFLICT);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(to);
    expect(await snapshot(to)).toEqual(before);
  });

  it("refuses to copy a finished copy again (exit 5)", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    await seedStore(from);
    expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.OK);
    expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.CONFLICT);
  });

  it("exits 3 for a missing source and creates no destination", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const { code, stderr } = await run(["copy", from, to]);
    expect(code).toBe(EXIT_CODES.NO_SUCH_STORE);
    expect(stderr).toContain(from);
    expect((await run(["status", "-s", to])).code).toBe(EXIT_CODES.NO_SUCH_STORE);
  });

  it("exits 2 for a malformed locator or a copy onto itself, before any I/O", async () => {
    const from = memoryLocator();
    await seedStore(from);
    expect((await run(["copy", from, "nocolon"])).code).toBe(EXIT_CODES.USAGE);
    expect((await run(["copy", "bad", from])).code).toBe(EXIT_CODES.USAGE);
    expect((await run(["copy", from, from])).code).toBe(EXIT_CODES.USAGE);
  });
});
