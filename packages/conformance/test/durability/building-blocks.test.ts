import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, get, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineCapabilities, encodeJob } from "@jobstore/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { STARTUP_MS } from "../../src/durability/parent/check-context.js";
import { judgeRaceCoverage } from "../../src/durability/parent/job-race-check.js";
import { judgeObservations, judgeReadings } from "../../src/durability/parent/judge.js";
import { newReport } from "../../src/durability/parent/report.js";
import { runToMessage, WorkerProcess } from "../../src/durability/parent/worker-process.js";
import {
  decodeFileContent,
  decodeJobContent,
  makeFileContent,
  makeJob,
} from "../../src/durability/protocol/content.js";
import { allowedVersions, isAllowed, Journal, readJournal } from "../../src/durability/protocol/journal.js";
import { jobSizes } from "../../src/durability/protocol/sizes.js";
import { startFaultProxy } from "../../src/index.js";

describe("self-describing content", () => {
  it("a whole file decodes to its key and tag, at the size asked for", () => {
    const content = makeFileContent("file1", "c2.7", 5000);
    expect(content.length).toBe(5000);
    expect(decodeFileContent(content)).toEqual({ ok: true, described: { key: "file1", tag: "c2.7" } });
  });

  it("a truncated, extended or altered file does not decode", () => {
    const content = makeFileContent("file1", "c2.7", 5000);
    const altered = Buffer.from(content);
    altered[4000] = (altered[4000] as number) ^ 1;
    for (const bad of [content.subarray(0, 4999), Buffer.concat([content, Buffer.of(0)]), altered]) {
      expect(decodeFileContent(bad).ok).toBe(false);
    }
  });

  it("a job's encoded size lands within 1% of the size asked for, and the job decodes", () => {
    for (const size of [769, 195_071, 273_100]) {
      const job = makeJob("id1", "job0", "w1.2", size);
      expect(Math.abs(encodeJob(job).length - size)).toBeLessThan(size / 100 + 8);
      expect(decodeJobContent(job)).toEqual({ ok: true, described: { key: "job0", tag: "w1.2" } });
    }
  });

  it("a job whose body changed does not decode", () => {
    const job = makeJob("id1", "job0", "w1.2", 2000);
    expect(decodeJobContent({ ...job, body: `${job.body as string}x` }).ok).toBe(false);
  });

  it("job sizes straddle every chunk multiple and the spill threshold", () => {
    const sizes = jobSizes(defineCapabilities({ jobChunkSize: 768, overlargeJobThreshold: 195_071 }));
    expect(sizes.chunked).toEqual(expect.arrayContaining([767, 769, 1535, 1537]));
    expect(sizes.spill).toEqual(expect.arrayContaining([195_070, 195_071, 195_072]));
  });
});

describe("judging what a fresh process read", () => {
  const journal = [
    { t: "ack" as const, key: "job0", tag: "seed" },
    { t: "begin" as const, key: "job0", tag: "c1.1" },
  ];

  it("accepts the acknowledged version and the one in flight", () => {
    const report = newReport("crash");
    judgeObservations(
      report,
      "after kill 1",
      [
        { key: "job0", kind: "job", tag: "seed" },
        { key: "job0", kind: "job", tag: "c1.1" },
      ],
      journal,
    );
    expect(report.violations).toEqual([]);
  });

  it("reports a version the journal does not allow, a damaged read and a failed read", () => {
    const report = newReport("crash");
    judgeObservations(
      report,
      "after kill 1",
      [
        { key: "job0", kind: "job", tag: "c0.9" },
        { key: "job0", kind: "job", problem: "c1.1: body hash mismatch" },
        { key: "job0", kind: "job", problem: "loadJob failed", code: "JOBSTORE_NO_SUCH_JOB" },
      ],
      journal,
    );
    expect(report.violations).toHaveLength(3);
  });
});

describe("judging a loop worker's readings at its journal position", () => {
  // The reported flake: file2 read as c5.42 (in flight at kill 5), then c6.1 written and acknowledged
  // before the parent read the journal, which then allowed only c6.1.
  const journal = [
    { t: "ack" as const, key: "file2", tag: "seed" },
    { t: "begin" as const, key: "file2", tag: "c5.42" },
    { t: "begin" as const, key: "file2", tag: "c6.1" },
    { t: "ack" as const, key: "file2", tag: "c6.1" },
  ];
  const reading = [{ key: "file2", kind: "file" as const, tag: "c5.42" }];

  it("judges each reading against the journal as it was when the readings were taken", () => {
    const report = newReport("crash");
    judgeReadings(report, "after kill 5", { observations: reading, journalEntries: 2 }, journal.slice(0, 2));
    expect(report.violations).toEqual([]);
  });

  it("reports a worker that wrote before go, and still judges its readings at their own position", () => {
    const report = newReport("crash");
    judgeReadings(report, "after kill 5", { observations: reading, journalEntries: 2 }, journal);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toContain("before go");
  });

  it("rejects a version the journal did not allow at the reading's position", () => {
    const report = newReport("crash");
    const stale = [{ key: "file2", kind: "file" as const, tag: "c4.3" }];
    judgeReadings(report, "after kill 5", { observations: stale, journalEntries: 2 }, journal.slice(0, 2));
    expect(report.violations).toHaveLength(1);
  });
});

describe("the loop worker's protocol", () => {
  it("after reporting its readings a loop worker writes nothing until the parent says go", {
    timeout: STARTUP_MS,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "protocol-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const settings = {
      locator: `naivedir:correct:${join(dir, "store")}`,
      openOptions: {},
      workerModule: fileURLToPath(new URL("./naive-dir-backend.ts", import.meta.url)),
      env: {},
      cwd: undefined,
    };
    const path = join(dir, "journal");
    const { objects } = await runToMessage(
      settings,
      { mode: "seed", jobs: 1, files: 1, journal: path },
      "seeded",
      STARTUP_MS,
    );
    const task = { mode: "loop" as const, objects, journal: path, life: "p1", maxOps: 3, callTimeoutMs: 0 };
    const worker = new WorkerProcess(settings, {
      ...task,
      reads: false,
      withParts: false,
      verifyFirst: true,
    });
    onTestFinished(() => worker.kill());
    const observed = await worker.next("observed", STARTUP_MS);
    expect(observed.journalEntries).toBe(2);
    // Ample time for a worker that does not wait to write (a naive-dir write takes a few ms).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(readJournal(path)).toHaveLength(2);
    expect(worker.ops).toBe(0);
    worker.command({ cmd: "go" });
    const looped = await worker.next("looped", STARTUP_MS);
    expect(looped.ops).toBe(3);
    expect(readJournal(path).length).toBeGreaterThan(2);
  });
});

describe("judging whether the job race tested what it is for", () => {
  const caps = { jobChunkSize: 512, overlargeJobThreshold: 4096 };

  it("accepts sizes across several chunk counts and both sides of the spill threshold, with loads", () => {
    const report = newReport("job-race");
    const layouts = judgeRaceCoverage(report, caps, [300, 1100, 4097, 5000], 12);
    expect(report.violations).toEqual([]);
    expect(layouts.get("spilled")).toBe(2);
  });

  it("reports sizes that stayed in one chunk count and never spilled, and a race without loads", () => {
    const report = newReport("job-race");
    judgeRaceCoverage(report, caps, [300, 400, 500], 0);
    expect(report.violations).toEqual([
      "no load ran while the writers wrote: the race tested no reader",
      "job sizes never crossed the chunk limit (jobChunkSize 512): 3 writes, chunk counts chunks:1",
      "job sizes never crossed the spill threshold (overlargeJobThreshold 4096): 0 of 3 writes spilled",
    ]);
  });

  it("reports sizes that always spilled", () => {
    const report = newReport("job-race");
    judgeRaceCoverage(report, caps, [5000, 6000], 5);
    expect(report.violations).toEqual([
      "job sizes never crossed the chunk limit (jobChunkSize 512): 2 writes, chunk counts none",
      "job sizes never crossed the spill threshold (overlargeJobThreshold 4096): 2 of 2 writes spilled",
    ]);
  });

  it("asks a backend without chunk or spill limits only for loads", () => {
    const report = newReport("job-race");
    judgeRaceCoverage(report, { jobChunkSize: 0, overlargeJobThreshold: 0 }, [300, 300], 1);
    expect(report.violations).toEqual([]);
  });
});

describe("the journal", () => {
  it("a writer after a torn line starts on a fresh line, and its entries are read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "j");
    const first = new Journal(path);
    first.write({ t: "ack", key: "a", tag: "seed" });
    first.close();
    await writeFile(path, '{"t":"begin","key":"a","ta', { flag: "a" });
    const next = new Journal(path);
    next.write({ t: "begin", key: "a", tag: "c2.1" });
    next.write({ t: "ack", key: "a", tag: "c2.1" });
    next.close();
    expect(readJournal(path).map((e) => `${e.t} ${e.tag}`)).toEqual(["ack seed", "begin c2.1", "ack c2.1"]);
  });

  it("allows the acknowledged version and any write begun after it, and ignores a torn last line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "j");
    const journal = new Journal(path);
    journal.write({ t: "ack", key: "a", tag: "seed" });
    journal.write({ t: "begin", key: "a", tag: "c1.1" });
    journal.write({ t: "ack", key: "a", tag: "c1.1" });
    journal.write({ t: "begin", key: "a", tag: "c1.2" });
    journal.close();
    await writeFile(path, '{"t":"ack","key":"a","ta', { flag: "a" });
    const allowed = allowedVersions(readJournal(path)).get("a");
    expect(isAllowed(allowed, "c1.1")).toBe(true);
    expect(isAllowed(allowed, "c1.2")).toBe(true);
    expect(isAllowed(allowed, "seed")).toBe(false);
  });
});

function serve(body: Buffer): Promise<Server> {
  const server = createServer((_, res) => res.end(body));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function fetchThrough(endpoint: string): Promise<{ bytes: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = get(`${endpoint}/`, { agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => {
        bytes += c.length;
      });
      res.on("end", () => resolve({ bytes }));
      res.on("error", (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    });
    req.on("error", (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
  });
}

describe("the fault proxy", () => {
  const body = Buffer.alloc(256 * 1024, 7);

  async function proxyTo(options: Omit<Parameters<typeof startFaultProxy>[0], "upstream">) {
    const server = await serve(body);
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    const proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${port}`, ...options });
    onTestFinished(() => proxy.close());
    return proxy;
  }

  it("passes everything through while disabled", async () => {
    const proxy = await proxyTo({ rate: 1 });
    expect(await fetchThrough(proxy.endpoint)).toEqual({ bytes: body.length });
    expect(proxy.injected()).toEqual({ reset: 0, truncate: 0, delay: 0 });
  });

  it("resets connections when enabled", async () => {
    const proxy = await proxyTo({ rate: 1, kinds: ["reset"], enabled: true });
    expect(await fetchThrough(proxy.endpoint)).toHaveProperty("error");
    expect(proxy.injected().reset).toBeGreaterThan(0);
  });

  it("truncates: the client never gets the whole body", async () => {
    const proxy = await proxyTo({ rate: 1, kinds: ["truncate"], enabled: true });
    const result = await fetchThrough(proxy.endpoint);
    expect("error" in result || result.bytes < body.length).toBe(true);
    expect(proxy.injected().truncate).toBeGreaterThan(0);
  });

  it("delays without changing a byte", async () => {
    const proxy = await proxyTo({ rate: 1, kinds: ["delay"], delayMs: [20, 40], enabled: true });
    expect(await fetchThrough(proxy.endpoint)).toEqual({ bytes: body.length });
    expect(proxy.injected().delay).toBeGreaterThan(0);
  });

  it("refuses an upstream off loopback", async () => {
    await expect(startFaultProxy({ upstream: "http://example.com:80" })).rejects.toThrow(TypeError);
  });
});
