import { encodeJob } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, run, seedStore } from "./harness.js";

describe("jobs", () => {
  it("dumps the job descriptions with --json, equal to what was stored", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["jobs", "-s", store, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const byId = (a: { jobStoreId: string }, b: { jobStoreId: string }) =>
      a.jobStoreId.localeCompare(b.jobStoreId);
    expect(JSON.parse(stdout).sort(byId)).toEqual([...seeded.jobs].sort(byId));
  });

  it("prints one row per job (ID, name, version, encoded size) on a pipe", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["jobs", "-s", store]);
    expect(code).toBe(EXIT_CODES.OK);
    const [head, ...rows] = stdout.trimEnd().split("\n");
    expect(head).toBe("ID\tname\tversion\tsize");
    expect(rows).toHaveLength(seeded.jobs.length);
    for (const job of seeded.jobs) {
      expect(rows).toContain(`${job.jobStoreId}\t${job.jobName}\t${job.version}\t${encodeJob(job).length}`);
    }
  });

  it("draws a table on a terminal", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const { stdout } = await run(["jobs", "-s", store], { tty: true });
    expect(stdout).toMatch(/┌.*┐/);
    expect(stdout).toContain("child-2");
  });

  it("exits 3 for a missing store", async () => {
    expect((await run(["jobs", "-s", memoryLocator()])).code).toBe(EXIT_CODES.NO_SUCH_STORE);
  });
});
