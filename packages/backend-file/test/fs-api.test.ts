import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { directFs, type FsApi, threadPoolFs } from "../src/index.js";

const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function scratchFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fs-api-"));
  made.push(dir);
  const file = join(dir, "here");
  await writeFile(file, "x");
  return file;
}

describe.each([
  ["directFs", directFs],
  ["threadPoolFs", threadPoolFs],
] as [string, FsApi][])("%s.present", (_name, fs) => {
  it("resolves true for a path that exists", async () => {
    const file = await scratchFile();
    await expect(fs.present(file)).resolves.toBe(true);
  });

  it("resolves false for a missing name and for a path through a file (ENOENT, ENOTDIR)", async () => {
    const file = await scratchFile();
    await expect(fs.present(`${file}-missing`)).resolves.toBe(false);
    await expect(fs.present(join(file, "below"))).resolves.toBe(false);
  });

  it("rejects a failure that is not absence instead of calling the path missing", async () => {
    const file = await scratchFile();
    const tooLong = join(file, "..", "n".repeat(300));
    await expect(fs.present(tooLong)).rejects.toMatchObject({ code: "ENAMETOOLONG" });
  });
});
