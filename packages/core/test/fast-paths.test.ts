import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobStoreError } from "../src/index.js";
import { expectCode, openStore } from "./fixtures.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-core-fast-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("path fast paths", () => {
  it("writeFile uses writeFileFromPath when the backend has it, with the file's metadata", async () => {
    const seen: unknown[] = [];
    const { store, backend } = await openStore({
      overrides: { writeFileFromPath: async (fileId, path, meta) => void seen.push({ fileId, path, meta }) },
    });
    const path = join(dir, "in.txt");
    await writeFile(path, "abc");
    const fileId = await store.writeFile(path, { jobId: "j", cleanup: true });
    expect(seen).toEqual([
      { fileId, path, meta: { jobId: "j", cleanup: true, executable: false, basename: "in.txt" } },
    ]);
    expect(backend.calls.get("writeFile")).toBeUndefined();
  });

  it("updateFile uses updateFileFromPath when the backend has it", async () => {
    const seen: string[] = [];
    const { store, backend } = await openStore({
      overrides: { updateFileFromPath: async (fileId) => void seen.push(fileId) },
    });
    const fileId = await store.getEmptyFileStoreId();
    const path = join(dir, "in.txt");
    await writeFile(path, "abc");
    await store.updateFile(fileId, path);
    expect(seen).toEqual([fileId]);
    expect(backend.calls.get("updateFile")).toBeUndefined();
  });

  it("readFile uses readFileToPath with the symlink option", async () => {
    const seen: boolean[] = [];
    const { store } = await openStore({
      overrides: {
        readFileToPath: async (_fileId, path, symlink) => {
          seen.push(symlink);
          await writeFile(path, "from the fast path");
        },
      },
    });
    const out = join(dir, "out.txt");
    await store.readFile("f", out, { symlink: true });
    await store.readFile("f", out);
    expect(seen).toEqual([true, false]);
    expect(await readFile(out, "utf8")).toBe("from the fast path");
  });

  it("readFile retries readFileToPath once on JOBSTORE_CHECKSUM_MISMATCH, then gives up", async () => {
    let attempts = 0;
    const { store } = await openStore({
      overrides: {
        readFileToPath: async () => {
          attempts++;
          throw new JobStoreError("JOBSTORE_CHECKSUM_MISMATCH", "bad bytes");
        },
      },
    });
    await expectCode(store.readFile("f", join(dir, "out.txt")), "JOBSTORE_CHECKSUM_MISMATCH");
    expect(attempts).toBe(2);
  });
});
