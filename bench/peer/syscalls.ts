/**
 * System calls per operation of a jobstore store, per peer phase: `tsx bench/peer/syscalls.ts [locator]
 * [--ops N]` (default `file:{dir}`, 200 ops). Runs itself again under `strace -f` and counts, per phase,
 * the calls between two marker calls (an `access` of a name that cannot exist) around the timed loop,
 * divided by the ops: what the phase costs in system calls, set-up excluded. Needs `strace`.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type JobStore, openJobStore } from "@jobstore/core";
import { markdown } from "./table.js";

const MARK = "/jobstore-syscalls-mark";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ops: { type: "string", default: "200" }, child: { type: "string" } },
});
const locatorTemplate = positionals[0] ?? "file:{dir}";
const ops = Number(values.ops);

function mark(label: string): void {
  try {
    accessSync(`${MARK}/${label}`);
  } catch {
    // never there: the call is the marker
  }
}

async function phase(label: string, body: () => Promise<void>): Promise<void> {
  mark(`begin-${label}`);
  await body();
  mark(`end-${label}`);
}

function job(i: number) {
  return { jobName: "benchJob", unitName: `unit${i}`, command: `_toil bench-${i}`, filesToDelete: [] };
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

async function child(dir: string): Promise<void> {
  const store: JobStore = await openJobStore(locatorTemplate.replace("{dir}", join(dir, "store")));
  await store.initialize();
  const payload = randomBytes(64 * 1024);
  const src = join(dir, "src");
  writeFileSync(src, payload);
  const n = Array.from({ length: ops }, (_, i) => i);
  const ids: string[] = [];
  await phase("create_job", async () => {
    for (const i of n) ids.push((await store.createJob(store.assignJobId(job(i)))).jobStoreId);
  });
  const jobs = await Promise.all(ids.map((id) => store.loadJob(id)));
  await phase("load_job", async () => {
    for (const id of ids) await store.loadJob(id);
  });
  await phase("update_job", async () => {
    for (const j of jobs) await store.updateJob({ ...j, command: `${j.command} updated` });
  });
  await phase("job_exists", async () => {
    for (const id of ids) await store.jobExists(id);
  });
  await phase("delete_job", async () => {
    for (const id of ids) await store.deleteJob(id);
  });
  const written: string[] = [];
  await phase("write_file 64KiB", async () => {
    for (const _ of n) written.push(await store.writeFile(src));
  });
  const out = mkdtempSync(join(dir, "out-"));
  await phase("read_file 64KiB -> same-fs", async () => {
    for (const [i, id] of written.entries()) await store.readFile(id, join(out, `o${i}`));
  });
  const streamed: string[] = [];
  await phase("write_file_stream 64KiB", async () => {
    for (const _ of n) streamed.push(await store.writeFileStream((w) => void w.end(payload)));
  });
  await phase("read_file_stream 64KiB", async () => {
    for (const id of streamed) await drain(await store.readFileStream(id));
  });
  await phase("delete_file 64KiB", async () => {
    for (const id of [...written, ...streamed]) await store.deleteFile(id);
  });
  await phase("write_shared_file_stream 64KiB", async () => {
    for (const i of n) await store.writeSharedFileStream(`s${i}.bin`, (w) => void w.end(payload));
  });
  await phase("read_shared_file_stream 64KiB", async () => {
    for (const i of n) await drain(await store.readSharedFileStream(`s${i}.bin`));
  });
  await store.destroy();
}

/** Per phase, system call name → count, from an `strace -f` log with the markers. */
function countCalls(log: string): Map<string, Map<string, number>> {
  const phases = new Map<string, Map<string, number>>();
  let current: Map<string, number> | undefined;
  for (const line of log.split("\n")) {
    const marker = line.match(/jobstore-syscalls-mark\/(begin|end)-([^"]+)"/);
    if (marker) {
      current = marker[1] === "begin" ? new Map() : undefined;
      if (current) phases.set(marker[2]!, current);
      continue;
    }
    const call = line.match(/^\d+\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]/);
    if (!current || !call || line.includes("resumed>")) continue;
    current.set(call[1]!, (current.get(call[1]!) ?? 0) + 1);
  }
  return phases;
}

if (values.child) {
  await child(values.child);
} else {
  const dir = mkdtempSync(join(tmpdir(), "jobstore-syscalls-"));
  try {
    const log = join(dir, "strace.log");
    const self = fileURLToPath(import.meta.url);
    const args = [...process.execArgv, self, locatorTemplate, "--ops", String(ops), "--child", dir];
    const run = spawnSync("strace", ["-f", "-qq", "-o", log, process.execPath, ...args], {
      stdio: "inherit",
    });
    if (run.status !== 0) throw new Error(`strace run failed (exit ${run.status}): ${run.error ?? ""}`);
    const rows = [...countCalls(readFileSync(log, "utf8"))].map(([label, calls]) => {
      const total = [...calls.values()].reduce((a, b) => a + b, 0);
      const top = [...calls]
        .sort((a, b) => b[1] - a[1])
        .filter(([, c]) => c / ops >= 0.05)
        .map(([name, c]) => `${name} ${(c / ops).toFixed(2).replace(/\.?0+$/, "")}`)
        .join(", ");
      return [label, (total / ops).toFixed(2), top];
    });
    console.log(`${locatorTemplate}: system calls per op (${ops} ops per phase, strace -f)\n`);
    console.log(markdown(["phase", "calls/op", "per op"], rows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
