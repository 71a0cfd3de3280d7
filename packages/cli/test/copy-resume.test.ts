import { openJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { copyStore } from "../src/copy/copy-store.js";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";

/** Starts a copy and aborts it once `files` files are done, as Ctrl-C would. */
async function interruptedCopy(from: string, to: string, files: number): Promise<unknown> {
  const source = await resumed(from);
  const destination = await openJobStore(to);
  const controller = new AbortController();
  try {
    await copyStore(source, destination, {
      sourceLocator: from,
      destinationLocator: to,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone >= files) controller.abort();
      },
    });
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await source.close();
    await destination.close();
  }
}

describe("copy resumption", () => {
  it("an interrupted copy is marked in progress and a re-run completes it, skipping what is there", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const seeded = await seedStore(from);
    const err = await interruptedCopy(from, to, 2);
    expect(err).toMatchObject({ code: "JOBSTORE_ABORTED" });
    const status = JSON.parse((await run(["status", "-s", to, "--json"])).stdout);
    expect(status.copyInProgress).toBe(true);
    expect(status.workflowId).toBe(seeded.workflowId);
    const { code, stdout } = await run(["copy", from, to, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(stdout);
    expect(report.resumed).toBe(true);
    expect(report.files.skipped).toBeGreaterThanOrEqual(2);
    expect(report.files.copied + report.files.skipped).toBe(seeded.files.length);
    await expectSameStore(from, to);
  });

  it("a re-run replaces a destination file whose content differs", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const seeded = await seedStore(from);
    await interruptedCopy(from, to, seeded.files.length);
    const destination = await resumed(to);
    const copied = [];
    for await (const info of destination.listFiles()) copied.push(info.fileId);
    const victim = copied[0] as string;
    await destination.updateFileStream(victim, (w) => w.end("tampered"));
    await destination.close();
    const { code } = await run(["copy", from, to]);
    expect(code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, to);
  });

  it("refuses to resume an unfinished copy of another workflow (exit 5)", async () => {
    const [from, other, to] = [memoryLocator(), memoryLocator(), memoryLocator()];
    await seedStore(from);
    await seedStore(other);
    await interruptedCopy(from, to, 1);
    const { code, stderr } = await run(["copy", other, to]);
    expect(code).toBe(EXIT_CODES.CONFLICT);
    expect(stderr).toContain(to);
  });

  it("refuses an unfinished copy as a source (exit 5)", async () => {
    const [from, to, next] = [memoryLocator(), memoryLocator(), memoryLocator()];
    await seedStore(from);
    await interruptedCopy(from, to, 1);
    expect((await run(["copy", to, next])).code).toBe(EXIT_CODES.CONFLICT);
  });

  it("stops with exit 130 when interrupted through the CLI, and the same command then finishes", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    await seedStore(from);
    const controller = new AbortController();
    // The bar's first frame comes once the destination is marked and listed, before any file moves.
    const stopped = await run(["copy", from, to], {
      tty: true,
      signal: controller.signal,
      onStderr: (text) => {
        if (text.includes("files 0/6")) controller.abort();
      },
    });
    expect(stopped.code).toBe(EXIT_CODES.INTERRUPTED);
    expect(stopped.stderr).toContain("resume");
    const status = JSON.parse((await run(["status", "-s", to, "--json"])).stdout);
    expect(status).toMatchObject({ copyInProgress: true, files: { count: 0 } });
    const again = await run(["copy", from, to, "--json"]);
    expect(again.code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(again.stdout).resumed).toBe(true);
    await expectSameStore(from, to);
  });
});
