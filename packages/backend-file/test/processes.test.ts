import { spawnSync } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { describe, expect, it, onTestFinished } from "vitest";
import { createFileBackend } from "../src/index.js";
import { HOST_TAG } from "../src/storage/layout.js";
import { isSelfChecked, selfChecked } from "./children/payload.js";
import { type Child, startChild } from "./children/spawn.js";
import { freshStore, handle } from "./fixture.js";

function track(child: Child): Child {
  onTestFinished(() => {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
  });
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("two processes overwriting one file", () => {
  // Each round's content (~10 KB) is inline in the record by default; with inlineLimit 0 it is a content
  // version of its own, so both layouts of a version go through the race.
  for (const inlineLimit of [undefined, 0]) {
    it(`exactly one of two racing updates wins and the other gets JOBSTORE_CONCURRENT_MODIFICATION, every round (inlineLimit ${inlineLimit ?? "default"})`, async () => {
      const { store, path } = await freshStore(inlineLimit === undefined ? {} : { inlineLimit });
      const fileId = await store.writeFileStream((w) => w.end("original"));
      const rounds = 3;
      const extra = inlineLimit === undefined ? [] : [String(inlineLimit)];
      const a = track(startChild("race-writer.ts", [path, fileId, "A", String(rounds), ...extra]));
      const b = track(startChild("race-writer.ts", [path, fileId, "B", String(rounds), ...extra]));
      for (let round = 1; round <= rounds; round++) {
        // Both have read the same version of the record before either may finish.
        await Promise.all([a.next(`ready ${round}`), b.next(`ready ${round}`)]);
        a.send(`go ${round}`);
        b.send(`go ${round}`);
        const results = await Promise.all([a.next(`result ${round}`), b.next(`result ${round}`)]);
        const outcomes = results.map((line) => line.split(" ")[2]).sort();
        expect(outcomes).toEqual(["JOBSTORE_CONCURRENT_MODIFICATION", "won"]);
        const winner = results[0]!.endsWith("won") ? "A" : "B";
        const content = (await buffer(await store.readFileStream(fileId))).toString();
        expect(content).toBe(`${winner} round ${round}\n`.repeat(1000));
      }
      await Promise.all([a.exited, b.exited]);
      // The loser's staged content and temp record are gone: the winner's version only (in its record when
      // inline, else one content version), no claim, no temp file.
      expect(await readdir(join(path, "tmp"))).toEqual([]);
      expect((await readdir(join(path, "files"))).filter((name) => name.includes("#"))).toEqual([]);
      expect(await readdir(join(path, "content"))).toHaveLength(inlineLimit === 0 ? 1 : 0);
    }, 60_000);
  }
});

describe("a writer killed with SIGKILL at random points", () => {
  it("leaves every job, file and shared file readable as one whole version, and its temp files reclaimable", async () => {
    const { store, path } = await freshStore();
    const job = await store.createJob(store.assignJobId({ jobName: "target", payload: "" }));
    const fileId = await store.writeFileStream((w) => w.end(selfChecked(0, "file")));
    const kills = 10;
    // Writers load ahead (a few at a time) and wait for "go": starting a process costs more than its run.
    const start = () => track(startChild("crash-writer.ts", [path, job.jobStoreId, fileId]));
    const ready = Array.from({ length: 3 }, start);
    for (let kill = 1; kill <= kills; kill++) {
      const child = ready.shift()!;
      if (kill + ready.length < kills) ready.push(start());
      await child.next("loaded");
      child.send("go");
      await child.next("running");
      await sleep(5 + Math.floor(Math.random() * 120));
      child.process.kill("SIGKILL");
      expect((await child.exited).signal).toBe("SIGKILL");

      const reader = handle(path, { leftoverAgeMs: 0 });
      await reader.resume();
      const loaded = await reader.loadJob(job.jobStoreId);
      expect(isSelfChecked(Buffer.from(loaded.payload as string, "latin1"))).toBe(true);
      expect(isSelfChecked(await buffer(await reader.readFileStream(fileId)))).toBe(true);
      expect(isSelfChecked(await buffer(await reader.readSharedFileStream("state")))).toBe(true);
      for await (const entry of reader.listLogs()) expect(isSelfChecked(entry.message)).toBe(true);
      for await (const info of reader.listFiles()) {
        expect(isSelfChecked(await buffer(await reader.readFileStream(info.fileId)))).toBe(true);
      }
      // The dead writer's temp files, claims and unreferenced content are reported and removed.
      const leftovers = [];
      for await (const item of reader.findLeftovers()) leftovers.push(item);
      await reader.removeLeftovers(leftovers);
      expect(await readdir(join(path, "tmp"))).toEqual([]);
      expect((await readdir(join(path, "files"))).filter((name) => name.includes("#"))).toEqual([]);
      const after = [];
      for await (const item of reader.findLeftovers()) after.push(item);
      expect(after.filter((item) => item.kind !== "orphan-file")).toEqual([]);
      // Nothing the dead writer held blocks the next update.
      await reader.updateFileStream(fileId, (w) => w.end(selfChecked(1000 + kill, "file")));
      await reader.close();
    }
  }, 120_000);

  it("resume removes the temp files of a dead process of this host and keeps a live one's", async () => {
    const { path } = await freshStore();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    const deadTemp = join(path, "tmp", `${HOST_TAG}-${dead}-planted`);
    const liveTemp = join(path, "tmp", `${HOST_TAG}-${process.pid}-planted`);
    await writeFile(deadTemp, "half a write");
    await writeFile(liveTemp, "a write in progress");
    await createFileBackend({ path }).open({});
    expect(await readdir(join(path, "tmp"))).toEqual([`${HOST_TAG}-${process.pid}-planted`]);
  });
});
