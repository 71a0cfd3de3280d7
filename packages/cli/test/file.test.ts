import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import "@jobstore/backend-file";
import { openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";
import { runCliProcess, spawnCli } from "./spawn.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A file: store with `count` files of `size` bytes each. */
async function bulkStore(locator: string, count: number, size: number): Promise<void> {
  const store = await openJobStore(locator);
  await store.initialize();
  const chunk = Buffer.alloc(size, 0x61);
  for (let i = 0; i < count; i += 1) await store.writeFileStream((w) => w.end(chunk));
  await store.close();
}

describe("the jobstore binary on file: stores (real processes)", () => {
  it("opens file:./jobstore in the working directory by default, and exits 3 naming it when absent", async () => {
    const missing = await runCliProcess(["status"], dir);
    expect(missing.code).toBe(EXIT_CODES.NO_SUCH_STORE);
    expect(missing.stderr).toBe("jobstore: no job store at file:./jobstore\n");
    const seeded = await seedStore(`file:${join(dir, "jobstore")}`);
    const found = await runCliProcess(["status", "--json"], dir);
    expect(found.code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(found.stdout.toString()).workflowId).toBe(seeded.workflowId);
  });

  it("cat writes a binary file's exact bytes to a pipe, and exits 4 for an unknown ID", async () => {
    const locator = `file:${join(dir, "s")}`;
    const seeded = await seedStore(locator);
    const { code, stdout } = await runCliProcess(["cat", "-s", locator, seeded.binaryFileId]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout.equals(seeded.files.find((f) => f.fileId === seeded.binaryFileId)?.bytes as Buffer)).toBe(
      true,
    );
    expect((await run(["cat", "-s", locator, "nope"])).code).toBe(EXIT_CODES.NOT_FOUND);
  });

  it("copies file: to file: preserving everything", async () => {
    const [from, to] = [`file:${join(dir, "a")}`, `file:${join(dir, "b")}`];
    await seedStore(from);
    const { code, stderr } = await runCliProcess(["copy", from, to]);
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, to);
  });

  it("logs --follow prints a message written while it runs and exits 0 on SIGINT", async () => {
    const locator = `file:${join(dir, "s")}`;
    await seedStore(locator);
    const following = spawnCli(["logs", "-s", locator, "--follow", "--interval", "100"]);
    const writer = await resumed(locator);
    for (let i = 0; i < 400 && !Buffer.concat(following.stdout).toString().includes("child-2"); i++)
      await sleep(50);
    await writer.writeLogs("written while following");
    await writer.close();
    for (let i = 0; i < 400 && !Buffer.concat(following.stdout).toString().includes("while"); i++)
      await sleep(50);
    following.child.kill("SIGINT");
    const code = await following.exit;
    expect(Buffer.concat(following.stderr).toString()).toBe("");
    expect(code).toBe(EXIT_CODES.OK);
    expect(Buffer.concat(following.stdout).toString()).toContain("written while following\n");
  });

  it("SIGINT during a copy exits 130 leaving a resumable destination; the same command then finishes it", async () => {
    const [from, to] = [`file:${join(dir, "big")}`, `file:${join(dir, "copy")}`];
    // 160 MiB in 160 files: long enough (about a second here) that the SIGINT sent 150 ms after the
    // destination appears still lands during the copy on a fast machine.
    await bulkStore(from, 160, 1024 * 1024);
    const copying = spawnCli(["copy", from, to]);
    for (let i = 0; i < 400 && !existsSync(join(dir, "copy")); i++) await sleep(10);
    await sleep(150);
    copying.child.kill("SIGINT");
    const code = await copying.exit;
    expect(code, Buffer.concat(copying.stderr).toString()).toBe(EXIT_CODES.INTERRUPTED);
    expect(Buffer.concat(copying.stderr).toString()).toContain("resume");
    const status = await run(["status", "-s", to, "--json"]);
    expect(JSON.parse(status.stdout).copyInProgress).toBe(true);
    const again = await run(["copy", from, to, "--json"]);
    expect(again.code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(again.stdout).resumed).toBe(true);
    await expectSameStore(from, to);
  });

  it("a finished copy leaves no trace: file: to memory: to file: to file:, each the same as the first", async () => {
    const first = `file:${join(dir, "first")}`;
    const chain = [first, memoryLocator(), `file:${join(dir, "second")}`, `file:${join(dir, "third")}`];
    await seedStore(first);
    const before = JSON.parse((await run(["status", first, "--json"])).stdout);
    for (const [i, to] of chain.slice(1).entries()) {
      const copied = await run(["copy", chain[i] as string, to]);
      expect(copied.code, copied.stderr).toBe(EXIT_CODES.OK);
      const status = JSON.parse((await run(["status", to, "--json"])).stdout);
      expect(status.sharedFiles, to).toEqual(before.sharedFiles);
      expect(status.copyInProgress, to).toBe(false);
      await expectSameStore(first, to);
    }
    const onDisk = await readdir(join(dir, "third"), { recursive: true });
    expect(onDisk.filter((path) => path.includes("jobstore-copy"))).toEqual([]);
    const last = await resumed(chain[3] as string);
    const names: string[] = [];
    for await (const info of last.listSharedFiles()) names.push(info.name);
    await last.close();
    expect(names).not.toContain("jobstore-copy.json");
  });

  it("the marker an earlier copy left as a shared file is neither copied onward nor counted", async () => {
    const [from, to] = [`file:${join(dir, "old-copy")}`, `file:${join(dir, "next")}`];
    await seedStore(from);
    const before = JSON.parse((await run(["status", from, "--json"])).stdout);
    const old = await resumed(from);
    const marker = { state: "complete", sourceWorkflowId: old.config.workflowId, source: "file:./elsewhere" };
    await old.writeSharedFileStream("jobstore-copy.json", (w) => w.end(JSON.stringify(marker)));
    await old.close();
    const status = JSON.parse((await run(["status", from, "--json"])).stdout);
    expect(status.sharedFiles).toEqual(before.sharedFiles);
    expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.OK);
    const copy = await resumed(to);
    await expect(copy.readSharedFileStream("jobstore-copy.json")).rejects.toMatchObject({
      code: "JOBSTORE_NO_SUCH_FILE",
    });
    await copy.close();
  });

  it("destroy on a pipe refuses without --yes and destroys with it", async () => {
    const locator = `file:${join(dir, "s")}`;
    await seedStore(locator);
    expect((await runCliProcess(["destroy", "-s", locator])).code).toBe(EXIT_CODES.USAGE);
    expect(existsSync(join(dir, "s"))).toBe(true);
    expect((await run(["destroy", "-s", locator, "--yes"])).code).toBe(EXIT_CODES.OK);
    expect(existsSync(join(dir, "s"))).toBe(false);
  });
});
