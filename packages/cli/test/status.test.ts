import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, run, seedStore } from "./harness.js";

describe("status", () => {
  it("reports workflow, backend, jobs, root job, files, shared files and unread logs as JSON", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["status", "-s", store, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(stdout);
    expect(report.workflowId).toBe(seeded.workflowId);
    expect(report.backend).toBe("memory");
    expect(report.capabilities.batchCreate).toBeTypeOf("boolean");
    expect(report.jobs).toEqual({ count: 4, root: { id: seeded.root.jobStoreId, name: "root" } });
    const bytes = seeded.files.reduce((n, f) => n + f.bytes.length, 0);
    expect(report.files).toEqual({ count: seeded.files.length, bytes });
    expect(report.sharedFiles.names).toEqual(expect.arrayContaining(["config.json", "engine-state.json"]));
    expect(report.logs).toEqual({ count: 3, unread: 2 });
    expect(report.copyInProgress).toBe(false);
  });

  it("draws a table on a terminal and tab-separated lines on a pipe", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const tty = await run(["status", "-s", store], { tty: true });
    expect(tty.code).toBe(EXIT_CODES.OK);
    expect(tty.stdout).toMatch(/┌.*┐/);
    expect(tty.stdout).toContain(seeded.workflowId);
    const pipe = await run(["status", "-s", store]);
    expect(pipe.stdout).not.toMatch(/[┌│└]/);
    expect(pipe.stdout).toContain(`workflow\t${seeded.workflowId}\n`);
    expect(pipe.stdout).toContain("jobs\t4\n");
    expect(pipe.stdout).toContain("logs\t3 (2 unread)\n");
  });

  it("exits 3 with one line naming the locator when there is no store", async () => {
    const store = memoryLocator();
    const { code, stdout, stderr } = await run(["status", "-s", store]);
    expect(code).toBe(EXIT_CODES.NO_SUCH_STORE);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(store);
  });

  it("exits 2 naming a malformed locator", async () => {
    for (const locator of ["no-colon", "memory:", "9x:abc", "nosuchscheme:abc", "memory:bad name!"]) {
      const { code, stderr } = await run(["status", "-s", locator]);
      expect(code, locator).toBe(EXIT_CODES.USAGE);
      expect(stderr.trim().split("\n"), locator).toHaveLength(1);
      expect(stderr, locator).toContain(locator);
    }
  });

  it("takes the locator from JOBSTORE_STORE when --store is not given", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["status", "--json"], { env: { JOBSTORE_STORE: store } });
    expect(code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(stdout).workflowId).toBe(seeded.workflowId);
  });
});
