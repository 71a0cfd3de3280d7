import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeLocalFileAtomically } from "../src/codec/write-local-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-write-local-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeLocalFileAtomically", () => {
  it("writes every chunk, small and over 1 MiB, in order", async () => {
    const parts = [Buffer.from("head"), randomBytes(3 * 1024 * 1024 + 5), Buffer.from("tail")];
    const out = join(dir, "out");
    await writeLocalFileAtomically(out, Readable.from(parts), false);
    expect((await readFile(out)).equals(Buffer.concat(parts))).toBe(true);
    expect((await stat(out)).mode & 0o111).toBe(0);
  });

  it("accepts string chunks and sets the executable bit when asked", async () => {
    const out = join(dir, "run.sh");
    await writeLocalFileAtomically(out, Readable.from(["#!/bin/sh\n", "echo hi\n"]), true);
    expect(await readFile(out, "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect((await stat(out)).mode & 0o111).not.toBe(0);
  });

  it("a source that fails midway leaves the previous file and no temp file", async () => {
    const out = join(dir, "out");
    await writeFile(out, "previous");
    async function* failing() {
      yield Buffer.from("half of it");
      throw new Error("the source failed");
    }
    await expect(writeLocalFileAtomically(out, Readable.from(failing()), false)).rejects.toThrow(
      "the source failed",
    );
    expect(await readFile(out, "utf8")).toBe("previous");
    expect(await readdir(dir)).toEqual(["out"]);
  });

  it("writes a whole buffer, replacing the file atomically, over 1 MiB too", async () => {
    const out = join(dir, "out");
    await writeFile(out, "previous");
    const bytes = randomBytes(2 * 1024 * 1024 + 3);
    await writeLocalFileAtomically(out, bytes, true);
    expect((await readFile(out)).equals(bytes)).toBe(true);
    expect((await stat(out)).mode & 0o111).not.toBe(0);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  it("a buffer write into a missing directory fails and leaves no temp file", async () => {
    const out = join(dir, "missing", "out");
    await expect(writeLocalFileAtomically(out, Buffer.from("x"), false)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
