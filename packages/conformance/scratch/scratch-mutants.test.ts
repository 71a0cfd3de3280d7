import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { createJobStore, type JobStoreBackend } from "@jobstore/core";
import { describeJobStoreConformance } from "../src/index.js";
import { createMemoryBackend } from "../../backend-memory/src/index.js";

type Mut = (b: JobStoreBackend) => JobStoreBackend;
const MUTANTS: Record<string, Mut> = {
  noCleanup: (b) => ({ ...b, deleteJob: async (id, o) => { const j = await b.loadJob(id, o); if (j) { /* only job */ await b.deleteJob(id, o).catch(() => {}); } } }),
  dupReadAll: (b) => ({ ...b, readLogs: async (cb, all, o) => { let n = await b.readLogs(cb, false, o); if (all) n += await b.readLogs(cb, true, o); return n; } }),
  partialUpdate: (b) => ({ ...b, updateFile: async (id, src, o) => { const chunks: Buffer[] = []; try { for await (const c of src) chunks.push(c as Buffer); } catch { /* keep partial */ } await b.updateFile(id, Readable.from([Buffer.concat(chunks)]), o); } }),
  noJobs: (b) => ({ ...b, jobs: async function* () {} }),
  upsert: (b) => ({ ...b, updateJob: async (j, o) => { if (!(await b.jobExists(j.jobStoreId, o))) return b.createJob(j, o); return b.updateJob(j, o); } }),
  noExists: (b) => ({ ...b, create: async (o) => { await b.create(o).catch(() => {}); } }),
  sizeMissing: (b) => ({ ...b, getFileSize: async (id, o) => (await b.fileExists(id, o)) ? b.getFileSize(id, o) : -1 }),
  truncate: (b) => ({ ...b, readFile: async (id, o) => { const c = await b.readFile(id, o); const chunks: Buffer[] = []; for await (const x of c.stream) chunks.push(x as Buffer); const all = Buffer.concat(chunks); return { ...c, stream: Readable.from([all.subarray(0, Math.max(0, all.length > 300 ? all.length - 1 : all.length))]) }; } }),
};
const sel = process.env.MUT ?? "";
for (const [name, mut] of Object.entries(MUTANTS)) {
  if (sel && sel !== name) continue;
  describeJobStoreConformance({
    name: `mutant ${name}`,
    setup: () => {
      const n = randomUUID();
      return { open: () => mut(createMemoryBackend({ name: n })), teardown: async () => { await createJobStore(createMemoryBackend({ name: n })).destroy(); } };
    },
    propertyRuns: 1,
  });
}
