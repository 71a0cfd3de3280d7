import type { JobDescription, JobStore, StoredJob } from "@jobstore/core";
import type { JobSpec } from "./arbitraries.js";
import { expectCode, verifyJob } from "./checks.js";
import { paddingText } from "./payload.js";
import { KnownJobCommand } from "./picked-command.js";
import {
  jsonCopy,
  modelAssignedJob,
  modelCreateJob,
  modelDeleteJob,
  modelRootJob,
  modelSetRoot,
  modelUpdateJob,
} from "./reference-model.js";
import { brief, StoreCommand } from "./store-command.js";
import type { HandleName, ModelWorld, RealWorld } from "./world.js";

/**
 * The job object handed to the store for a spec: `version` is the current one (the store increments
 * it), and a padding field brings the stored JSON to exactly `spec.jsonBytes` UTF-8 bytes when the
 * rest is smaller than that.
 */
function materialiseJob(
  spec: JobSpec,
  jobStoreId: string,
  currentVersion: number | undefined,
): JobDescription {
  const job: JobDescription = { jobStoreId, jobName: spec.jobName, body: spec.body };
  if (currentVersion !== undefined) job.version = currentVersion;
  if (spec.jsonBytes !== undefined) {
    const stored = { ...job, version: (currentVersion ?? 0) + 1, padding: "" };
    const missing = spec.jsonBytes - Buffer.byteLength(JSON.stringify(stored), "utf8");
    if (missing >= 0) job.padding = paddingText(missing, spec.seed);
  }
  return job;
}

function describeSpec(spec: JobSpec): string {
  const size = spec.jsonBytes === undefined ? "" : `, ${spec.jsonBytes}B`;
  return `{jobName:${brief(spec.jobName, 20)}, body:${brief(spec.body)}${size}}`;
}

/** `createJob` of a new job; it must come back with version 1 and load equal through both handles. */
export class CreateJobCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly spec: JobSpec,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const job = store.assignJobId({});
    const full = materialiseJob(this.spec, job.jobStoreId, undefined);
    const returned = await store.createJob(full);
    r.expect(returned, "createJob returns the object passed in").toBe(full);
    r.expect(returned.version, "createJob sets version 1 on a new job").toBe(1);
    m.state = modelCreateJob(m.state, returned);
    await verifyJob(r.expect, store, m.state, job.jobStoreId);
    return [job.jobStoreId];
  }

  protected describe(): string {
    return `createJob(${describeSpec(this.spec)})`;
  }
}

/** `updateJob` of a known job: replaced and version incremented, or `JOBSTORE_NO_SUCH_JOB` if deleted. */
export class UpdateJobCommand extends KnownJobCommand {
  constructor(
    handle: HandleName,
    pick: number,
    readonly spec: JobSpec,
  ) {
    super(handle, pick);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const jobId = this.pickedJob(m);
    const current = m.state.jobs.get(jobId);
    const full = materialiseJob(this.spec, jobId, current?.version ?? 7);
    if (current) {
      await store.updateJob(full);
      r.expect(full.version, "updateJob increments the version").toBe(current.version + 1);
      m.state = modelUpdateJob(m.state, full as StoredJob);
    } else {
      await expectCode(r.expect, store.updateJob(full), "JOBSTORE_NO_SUCH_JOB");
    }
    await verifyJob(r.expect, store, m.state, jobId);
    return [jobId];
  }

  protected describe(): string {
    return `updateJob(job#${this.pick}, ${describeSpec(this.spec)})`;
  }
}

/** `deleteJob` (idempotent): the job and its cleanup files go, other files stay. */
export class DeleteJobCommand extends KnownJobCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const jobId = this.pickedJob(m);
    await store.deleteJob(jobId);
    const cleanup = [...m.state.files].filter(([, f]) => f.cleanup && f.jobId === jobId).map(([id]) => id);
    m.state = modelDeleteJob(m.state, jobId);
    await verifyJob(r.expect, store, m.state, jobId);
    return [jobId, ...cleanup];
  }

  protected describe(): string {
    return `deleteJob(job#${this.pick})`;
  }
}

/** `loadJob`/`jobExists` of a known job through the chosen handle. */
export class LoadJobCommand extends KnownJobCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    await verifyJob(r.expect, store, m.state, this.pickedJob(m));
    return [];
  }

  protected describe(): string {
    return `loadJob(job#${this.pick})`;
  }
}

/** `jobs()`: with nothing changing during the walk, exactly the live jobs, each once, equal to the model. */
export class ListJobsCommand extends StoreCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const listed: StoredJob[] = [];
    for await (const job of store.jobs()) listed.push(job);
    const byId = (x: StoredJob, y: StoredJob) =>
      x.jobStoreId < y.jobStoreId ? -1 : x.jobStoreId > y.jobStoreId ? 1 : 0;
    r.expect(listed.sort(byId), "jobs() lists the live jobs").toEqual([...m.state.jobs.values()].sort(byId));
    return [];
  }

  protected describe(): string {
    return "jobs()";
  }
}

/** `batch()` of new jobs: all stored when it resolves, none when the callback throws. */
export class BatchCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly specs: readonly JobSpec[],
    readonly fails: boolean,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const created: StoredJob[] = [];
    const failure = new Error("conformance: deliberate batch failure");
    const run = store.batch(async () => {
      for (const spec of this.specs) {
        const job = store.assignJobId({});
        created.push(await store.createJob(materialiseJob(spec, job.jobStoreId, undefined)));
      }
      if (this.fails) throw failure;
      return created.length;
    });
    if (this.fails) {
      await r.expect(run, "a failing batch rejects with the callback's error").rejects.toBe(failure);
      for (const job of created) m.state = modelAssignedJob(m.state, job.jobStoreId);
    } else {
      r.expect(await run, "batch returns the callback's result").toBe(this.specs.length);
      for (const job of created) m.state = modelCreateJob(m.state, jsonCopy(job));
    }
    for (const job of created) await verifyJob(r.expect, store, m.state, job.jobStoreId);
    return created.map((job) => job.jobStoreId);
  }

  protected describe(): string {
    return `batch([${this.specs.map(describeSpec).join(", ")}]${this.fails ? ", then throw" : ""})`;
  }
}

/** `setRootJob` of a known job (live or not). */
export class SetRootJobCommand extends KnownJobCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const jobId = this.pickedJob(m);
    await store.setRootJob(jobId);
    m.state = modelSetRoot(m.state, jobId);
    await verifyRoot(m, r, store);
    return [];
  }

  protected describe(): string {
    return `setRootJob(job#${this.pick})`;
  }
}

/** `loadRootJob`: the root job, or `JOBSTORE_NO_SUCH_JOB` when none is set or it is gone. */
export class LoadRootJobCommand extends StoreCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    await verifyRoot(m, r, store);
    return [];
  }

  protected describe(): string {
    return "loadRootJob()";
  }
}

async function verifyRoot(m: ModelWorld, r: RealWorld, store: JobStore): Promise<void> {
  const expected = modelRootJob(m.state);
  if (expected) r.expect(await store.loadRootJob(), "loadRootJob").toEqual(expected);
  else await expectCode(r.expect, store.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
}
