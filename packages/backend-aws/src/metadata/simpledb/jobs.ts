import { randomUUID } from "node:crypto";
import {
  BatchPutAttributesCommand,
  DeleteAttributesCommand,
  GetAttributesCommand,
  isSimpleDbError,
  PutAttributesCommand,
  type ReplaceableItem,
} from "@jobstore/client-simpledb";
import {
  abortError,
  type CallOptions,
  decodeJob,
  encodeJob,
  JobStoreError,
  type StoredJob,
} from "@jobstore/core";
import type { MetadataLayer } from "@jobstore/object-store";
import { overlargeJobKey } from "@jobstore/object-store";
import { BACKEND_NAME, mapAwsError } from "../../errors.js";
import { getItem, type ItemAttributes, selectAll, toItem } from "./items.js";
import {
  CHUNK_RAW_BYTES,
  chunkedBytes,
  itemBytes,
  type JobLayout,
  jobAttributes,
  NUM_CHUNKS,
  OVERLARGE_ID,
  OVERLARGE_THRESHOLD,
  readLayout,
  residualChunks,
} from "./job-items.js";
import { sendOptions } from "./send-options.js";
import type { SimpleDbConfig } from "./simpledb-config.js";

const BATCH_ITEMS = 25;
// An update loses a round to each racing writer's put; every lost round is another writer's progress, so
// a generous bound only guards against starvation.
const MAX_UPDATE_ATTEMPTS = 16;
const MAX_BACKOFF_MS = 200;

function sleep(ms: number, options: CallOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// Re-reads of a job item whose overlarge object was replaced under the reader; each costs two requests.
const MAX_RACE_RETRIES = 3;
/** What {@link decode} returns when the overlarge object it was pointed at is gone. */
const RACED = Symbol("raced");
// SimpleDB rejects batches over 1 MB; stay a little below to leave room for the request's own fields.
const BATCH_BYTES = 1_000_000;

type JobMethods = Pick<
  MetadataLayer,
  "createJob" | "createJobs" | "updateJob" | "loadJob" | "jobExists" | "deleteJob" | "jobs"
>;

/**
 * The job half of the SimpleDB metadata layer: one item per job in `<prefix>--jobs` holding the encoded
 * job in 768-byte base64 chunks, or (above {@link OVERLARGE_THRESHOLD}) the key of an S3 object.
 *
 * @remarks Requests: createJob 1 PutAttributes; createJobs 1 BatchPutAttributes per 25 jobs (or 1 MB);
 * updateJob 1 conditional PutAttributes (plus 1 DeleteAttributes of residual chunks when it shrinks);
 * loadJob 1 GetAttributes (plus 1 GetObject when overlarge); deleteJob 1 GetAttributes + 1 DeleteAttributes.
 * @example
 * ```ts
 * const jobs = createJobStore(cfg);
 * await jobs.createJob({ jobStoreId: "j1", version: 1 }, {});
 * ```
 * @internal
 */
export function createJobStore(cfg: SimpleDbConfig): JobMethods & { forget(): void } {
  const { sdb } = cfg;
  const domain = cfg.names.jobsDomain;
  // What this handle last wrote or read per job, so an update needs no read first. A stale entry is
  // caught by the update's condition and re-read.
  const layouts = new Map<string, JobLayout>();

  async function prepare(
    job: StoredJob,
    options: CallOptions,
  ): Promise<{ item: ReplaceableItem; layout: JobLayout }> {
    const bytes = encodeJob(job);
    if (bytes.length <= OVERLARGE_THRESHOLD) {
      return {
        item: { Name: job.jobStoreId, Attributes: jobAttributes(bytes, "") },
        layout: { numChunks: Math.ceil(bytes.length / CHUNK_RAW_BYTES), overlargeKey: "" },
      };
    }
    const key = overlargeJobKey(job.jobStoreId, randomUUID());
    await cfg.blobs.putBlob(key, bytes, options);
    return {
      item: { Name: job.jobStoreId, Attributes: jobAttributes(undefined, key) },
      layout: { numChunks: 0, overlargeKey: key },
    };
  }

  async function deleteObject(key: string, options: CallOptions): Promise<void> {
    if (key) await cfg.blobs.deleteBlob(key, options);
  }

  /**
   * Decodes a job item: the job, `undefined` when the item holds none, or `RACED` when its overlarge
   * object was replaced (and deleted) by another handle between the read of the item and of the object.
   */
  async function decode(
    jobId: string,
    item: ItemAttributes,
    options: CallOptions,
  ): Promise<StoredJob | typeof RACED | undefined> {
    const layout = readLayout(item);
    if (!layout) return undefined;
    let bytes: Buffer;
    if (layout.overlargeKey) {
      const blob = await cfg.blobs.getBlob(layout.overlargeKey, options);
      if (blob === undefined) return RACED;
      bytes = blob;
    } else {
      bytes = chunkedBytes(item, layout);
    }
    layouts.set(jobId, layout);
    return decodeJob(bytes) as StoredJob;
  }

  /** Reads and decodes a job, re-reading its item (bounded) while its overlarge object races away. */
  async function load(
    jobId: string,
    first: ItemAttributes | undefined,
    options: CallOptions,
  ): Promise<StoredJob | undefined> {
    let item = first ?? (await getItem(sdb, domain, jobId, options));
    for (let attempt = 1; ; attempt++) {
      const job = await decode(jobId, item, options);
      if (job !== RACED) return job;
      if (attempt > MAX_RACE_RETRIES) {
        throw new JobStoreError(
          "JOBSTORE_UNAVAILABLE",
          `loadJob ${jobId}: its S3 object kept being replaced while it was read`,
          { backend: BACKEND_NAME },
        );
      }
      item = await getItem(sdb, domain, jobId, options);
    }
  }

  async function readLayoutOf(jobId: string, options: CallOptions): Promise<JobLayout | undefined> {
    const out = await sdb.send(
      new GetAttributesCommand({
        DomainName: domain,
        ItemName: jobId,
        AttributeNames: [NUM_CHUNKS, OVERLARGE_ID],
        ConsistentRead: true,
      }),
      sendOptions(options),
    );
    return readLayout(toItem(out.Attributes));
  }

  /**
   * Deletes chunk attributes the new layout no longer uses, only while the item still has this writer's
   * chunk count: every chunk at or above the current `numChunks` is then residue no reader decodes, even if
   * a later writer's put (of the same count) slipped in. If the count changed, a later writer owns the item
   * and the residue is left for it (it is never decoded, and a larger job overwrites it).
   */
  async function deleteResidue(
    jobId: string,
    residual: readonly string[],
    layout: JobLayout,
    options: CallOptions,
  ): Promise<void> {
    if (residual.length === 0) return;
    try {
      await sdb.send(
        new DeleteAttributesCommand({
          DomainName: domain,
          ItemName: jobId,
          Attributes: residual.map((Name) => ({ Name })),
          Expected: { Name: NUM_CHUNKS, Value: String(layout.numChunks) },
        }),
        sendOptions(options),
      );
    } catch (err) {
      if (!isSimpleDbError(err, "ConditionalCheckFailed") && !isSimpleDbError(err, "AttributeDoesNotExist"))
        throw err;
    }
  }

  async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapAwsError(err, what);
    }
  }

  return {
    createJob: (job: StoredJob, options: CallOptions) =>
      guarded(`createJob ${job.jobStoreId}`, async () => {
        const { item, layout } = await prepare(job, options);
        await sdb.send(
          new PutAttributesCommand({ DomainName: domain, ItemName: item.Name, Attributes: item.Attributes }),
          sendOptions(options),
        );
        layouts.set(job.jobStoreId, layout);
      }),

    createJobs: (jobs: readonly StoredJob[], options: CallOptions) =>
      guarded(`createJobs (${jobs.length} jobs)`, async () => {
        let batch: ReplaceableItem[] = [];
        let bytes = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          await sdb.send(
            new BatchPutAttributesCommand({ DomainName: domain, Items: batch }),
            sendOptions(options),
          );
          batch = [];
          bytes = 0;
        };
        for (const job of jobs) {
          const { item, layout } = await prepare(job, options);
          const size = itemBytes(item.Name, item.Attributes);
          if (batch.length === BATCH_ITEMS || bytes + size > BATCH_BYTES) await flush();
          batch.push(item);
          bytes += size;
          layouts.set(job.jobStoreId, layout);
        }
        await flush();
      }),

    updateJob: (job: StoredJob, options: CallOptions) =>
      guarded(`updateJob ${job.jobStoreId}`, async () => {
        const jobId = job.jobStoreId;
        const { item, layout } = await prepare(job, options);
        let old = layouts.get(jobId) ?? (await readLayoutOf(jobId, options));
        for (let attempt = 0; ; attempt++) {
          if (!old) {
            await deleteObject(layout.overlargeKey, options);
            throw new JobStoreError(
              "JOBSTORE_NO_SUCH_JOB",
              `updateJob: job ${JSON.stringify(jobId)} does not exist`,
            );
          }
          // The condition proves the job still exists and that `old` is what we replace.
          const expected = old.overlargeKey
            ? { Name: OVERLARGE_ID, Value: old.overlargeKey }
            : { Name: NUM_CHUNKS, Value: String(old.numChunks) };
          try {
            await sdb.send(
              new PutAttributesCommand({
                DomainName: domain,
                ItemName: jobId,
                Attributes: item.Attributes,
                Expected: expected,
              }),
              sendOptions(options),
            );
            break;
          } catch (err) {
            const stale =
              isSimpleDbError(err, "ConditionalCheckFailed") || isSimpleDbError(err, "AttributeDoesNotExist");
            // Any other failure may still have applied the put: keep the new object then.
            if (!stale) throw err;
            if (attempt + 1 >= MAX_UPDATE_ATTEMPTS) {
              // Definitely not replaced: the new overlarge object (if any) would only leak.
              await deleteObject(layout.overlargeKey, {}).catch(() => {});
              throw new JobStoreError(
                "JOBSTORE_UNAVAILABLE",
                `updateJob ${jobId}: other writers replaced the job ${MAX_UPDATE_ATTEMPTS} times in a row`,
                { cause: err, retryable: true, backend: BACKEND_NAME },
              );
            }
            // Another writer won this round: back off a little (jittered) so that racing writers spread out.
            await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt), options);
            old = await readLayoutOf(jobId, options);
          }
        }
        layouts.set(jobId, layout);
        await deleteResidue(jobId, residualChunks(old.numChunks, layout.numChunks), layout, options);
        if (old.overlargeKey && old.overlargeKey !== layout.overlargeKey)
          await deleteObject(old.overlargeKey, options);
      }),

    loadJob: (jobId: string, options: CallOptions) =>
      guarded(`loadJob ${jobId}`, () => load(jobId, undefined, options)),

    jobExists: (jobId: string, options: CallOptions) =>
      guarded(`jobExists ${jobId}`, async () => (await readLayoutOf(jobId, options)) !== undefined),

    /** Deletes the job item and its overlarge object; the caller deletes the job's cleanup files. */
    deleteJob: (jobId: string, options: CallOptions) =>
      guarded(`deleteJob ${jobId}`, async () => {
        // Always read: a cached overlarge key may be stale if another handle replaced the job.
        const layout = await readLayoutOf(jobId, options);
        layouts.delete(jobId);
        await sdb.send(
          new DeleteAttributesCommand({ DomainName: domain, ItemName: jobId }),
          sendOptions(options),
        );
        if (layout?.overlargeKey) await deleteObject(layout.overlargeKey, options);
      }),

    async *jobs(options: CallOptions): AsyncIterable<StoredJob> {
      try {
        for await (const { name, attributes } of selectAll(sdb, `select * from \`${domain}\``, options)) {
          // A job deleted during the walk is skipped; one replaced during it is read again.
          const job = await load(name, attributes, options);
          if (job) yield job;
        }
      } catch (err) {
        throw mapAwsError(err, "jobs");
      }
    },

    /** Drops the cached layouts (after `destroy`). */
    forget(): void {
      layouts.clear();
    },
  };
}
