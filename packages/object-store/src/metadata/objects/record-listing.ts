import { type CallOptions, forEachLimited } from "@jobstore/core";
import type { MetadataRecord, RecordFilter, RecordKind } from "../metadata-layer.js";
import { PARALLEL_REQUESTS } from "./jobs.js";
import { mapAhead } from "./map-ahead.js";
import type { MetadataObjects } from "./mapped-objects.js";
import {
  FILES_PREFIX,
  fileIdOfKey,
  jobFilesPrefix,
  LOG_READ_PREFIX,
  LOGS_PREFIX,
  logNameOfKey,
  logReadKey,
  ownedPrefix,
  SHARED_PREFIX,
  sharedNameOfKey,
} from "./object-keys.js";
import { ownerIndexKey, type RecordObjects, recordKey } from "./records.js";

/**
 * The listing and bulk methods of the object metadata layer.
 *
 * @internal
 */
export interface RecordListing {
  listRecords(kind: RecordKind, filter: RecordFilter, options: CallOptions): AsyncIterable<MetadataRecord>;
  deleteRecords(kind: RecordKind, names: readonly string[], options: CallOptions): Promise<void>;
  markRead(names: readonly string[], options: CallOptions): Promise<void>;
}

/**
 * Record listings: one ListObjectsV2 per 1000 keys of the kind's prefix, then one GetObject per record
 * ({@link PARALLEL_REQUESTS} in flight, yielded in key order). Each key is listed once, so each record
 * is yielded at most once per iteration; records deleted since the listing are skipped.
 *
 * @remarks
 * - Cleanup files of a job (`cleanupOf`): one listing of `meta/files/<job>/` (the files whose ID names
 *   the job, as this layer's IDs do) and one of the job's owner index (other IDs), never a walk of the
 *   store. Index entries whose record is gone are removed on the way.
 * - Logs: the read markers are listed first, so the read state costs one listing per 1000 messages;
 *   `unreadOnly` then skips the GET of every read message.
 * - `markRead` writes one empty marker per message ({@link PARALLEL_REQUESTS} in flight); a marker is
 *   never removed while its message lives, so marking is idempotent and never lost to a race.
 * - `deleteRecords` removes records (and their markers and index entries) with DeleteObjects, 1000 keys
 *   a request.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * for await (const record of createRecordListing(objects, records).listRecords("log", { unreadOnly: true }, {}))
 *   deliver(record);
 * ```
 * @internal
 */
export function createRecordListing(objects: MetadataObjects, records: RecordObjects): RecordListing {
  // Owner-index entries of the records a cleanup listing found, so deleteRecords can remove them too.
  const indexEntries = new Map<string, string>();

  async function* namesUnder(
    prefix: string,
    nameOf: (key: string) => string | undefined,
    options: CallOptions,
  ) {
    for await (const page of objects.list(prefix, options)) {
      for (const { key } of page) {
        const name = nameOf(key);
        if (name !== undefined) yield name;
      }
    }
  }

  async function* liveRecords(
    kind: RecordKind,
    names: AsyncIterable<string>,
    read: (name: string) => boolean,
    options: CallOptions,
  ): AsyncGenerator<MetadataRecord> {
    const fetched = mapAhead(names, PARALLEL_REQUESTS, (name) =>
      records.readRecord(kind, name, read(name), options),
    );
    for await (const current of fetched) {
      if (current?.decoded.state === "live") yield current.decoded.record;
    }
  }

  async function* cleanupFiles(jobId: string, options: CallOptions): AsyncGenerator<MetadataRecord> {
    const isCleanupOf = (record: MetadataRecord) => record.cleanup && record.owner === jobId;
    const grouped = namesUnder(jobFilesPrefix(jobId), fileIdOfKey, options);
    for await (const record of liveRecords("file", grouped, () => false, options)) {
      if (isCleanupOf(record)) yield record;
    }
    const entries = async function* () {
      for await (const page of objects.list(ownedPrefix(jobId), options))
        for (const { key } of page) yield key;
    };
    const resolved = mapAhead(entries(), PARALLEL_REQUESTS, async (entryKey) => {
      const entry = await objects.get(entryKey, options);
      const fileId = entry?.body.toString("utf8");
      const current =
        fileId === undefined ? undefined : await records.readRecord("file", fileId, false, options);
      return { entryKey, record: current?.decoded.state === "live" ? current.decoded.record : undefined };
    });
    for await (const { entryKey, record } of resolved) {
      if (record && isCleanupOf(record) && ownerIndexKey(record) === entryKey) {
        indexEntries.set(record.name, entryKey);
        yield record;
      } else {
        // Left by a crash between the entry and its record, or by a deletion that did not remove it.
        await objects.delete(entryKey, options);
      }
    }
  }

  async function* logs(unreadOnly: boolean, options: CallOptions): AsyncGenerator<MetadataRecord> {
    const read = new Set<string>();
    for await (const name of namesUnder(LOG_READ_PREFIX, (k) => logNameOfKey(k, LOG_READ_PREFIX), options)) {
      read.add(name);
    }
    async function* wanted() {
      for await (const name of namesUnder(LOGS_PREFIX, (k) => logNameOfKey(k, LOGS_PREFIX), options)) {
        if (!unreadOnly || !read.has(name)) yield name;
      }
    }
    yield* liveRecords("log", wanted(), (name) => read.has(name), options);
  }

  return {
    listRecords(kind, filter, options) {
      if (kind === "log") return logs(filter.unreadOnly === true, options);
      if (kind === "file" && filter.cleanupOf !== undefined) return cleanupFiles(filter.cleanupOf, options);
      const names =
        kind === "file"
          ? namesUnder(FILES_PREFIX, fileIdOfKey, options)
          : namesUnder(SHARED_PREFIX, sharedNameOfKey, options);
      return liveRecords(kind, names, () => false, options);
    },

    async deleteRecords(kind, names, options) {
      const keys: string[] = [];
      for (const name of names) {
        keys.push(recordKey(kind, name));
        if (kind === "log") keys.push(logReadKey(name));
        const entry = kind === "file" ? indexEntries.get(name) : undefined;
        if (entry !== undefined) {
          keys.push(entry);
          indexEntries.delete(name);
        }
      }
      await objects.deleteMany(keys, options);
    },

    async markRead(names, options) {
      await forEachLimited(names, PARALLEL_REQUESTS, (name) =>
        objects.put(logReadKey(name), Buffer.alloc(0), undefined, options),
      );
    },
  };
}
