import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, run, seedStore } from "./harness.js";

describe("cat", () => {
  it("writes a file's exact bytes to a pipe, binary included", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const binary = seeded.files.find((f) => f.fileId === seeded.binaryFileId);
    const { code, stdoutBytes } = await run(["cat", "-s", store, seeded.binaryFileId]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdoutBytes.equals(binary?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it("writes a shared file by name", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["cat", "-s", store, "engine-state.json"]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toBe(seeded.shared["engine-state.json"]?.toString());
    const config = await run(["cat", "-s", store, "--shared", "config.json"]);
    expect(JSON.parse(config.stdout).workflowId).toBe(seeded.workflowId);
  });

  it("writes text to a terminal", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["cat", "-s", store, seeded.textFileId], { tty: true });
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toBe("hello from the workflow\n");
  });

  it("refuses binary content on a terminal without --force (exit 2, nothing written)", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const refused = await run(["cat", "-s", store, seeded.binaryFileId], { tty: true });
    expect(refused.code).toBe(EXIT_CODES.USAGE);
    expect(refused.stdoutBytes).toHaveLength(0);
    expect(refused.stderr).toContain("--force");
    const forced = await run(["cat", "-s", store, "--force", seeded.binaryFileId], { tty: true });
    expect(forced.code).toBe(EXIT_CODES.OK);
    expect(forced.stdoutBytes.length).toBe(70_000);
  });

  it("exits 4 naming an unknown file ID or shared name", async () => {
    const store = memoryLocator();
    await seedStore(store);
    for (const target of ["no-such-file", "files/not/there", "a b"]) {
      const { code, stdout, stderr } = await run(["cat", "-s", store, target]);
      expect(code, target).toBe(EXIT_CODES.NOT_FOUND);
      expect(stdout).toBe("");
      expect(stderr).toContain(JSON.stringify(target));
    }
  });

  it("with --shared, does not read a job file of that ID", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const { code } = await run(["cat", "-s", store, "--shared", seeded.textFileId]);
    expect(code).toBe(EXIT_CODES.NOT_FOUND);
  });
});
