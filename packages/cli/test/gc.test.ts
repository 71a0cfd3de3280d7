import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";

describe("gc", () => {
  it("lists a cleanup file whose owning job does not exist, and deletes nothing", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["gc", "-s", store, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(stdout);
    expect(report.removed).toBe(false);
    expect(report.leftovers).toContainEqual(
      expect.objectContaining({ kind: "orphan-file", id: seeded.orphanFileId }),
    );
    const after = await resumed(store);
    expect(await after.fileExists(seeded.orphanFileId)).toBe(true);
    await after.close();
  });

  it("deletes what it found with --apply, and only that", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stderr } = await run(["gc", "-s", store, "--apply"]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stderr).toMatch(/removed 1 leftover/);
    const after = await resumed(store);
    expect(await after.fileExists(seeded.orphanFileId)).toBe(false);
    for (const file of seeded.files.filter((f) => f.fileId !== seeded.orphanFileId)) {
      expect(await after.fileExists(file.fileId)).toBe(true);
    }
    await after.close();
    const again = await run(["gc", "-s", store, "--json"]);
    expect(JSON.parse(again.stdout).leftovers).toEqual([]);
  });

  it("prints rows on a pipe with a header", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { stdout } = await run(["gc", "-s", store]);
    const [head, ...rows] = stdout.trimEnd().split("\n");
    expect(head).toBe("kind\tID\tsize\tcreated");
    expect(rows.some((r) => r.startsWith(`orphan-file\t${seeded.orphanFileId}\t`))).toBe(true);
  });
});
