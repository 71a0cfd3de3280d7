import { Readable } from "node:stream";
import type { CallOptions, JobStoreBackend } from "@jobstore/core";
import { logName, type MetadataRecord, withContent } from "../metadata/metadata-layer.js";
import { commitContent } from "./commit-content.js";
import type { NamedLayers } from "./layers.js";
import { qualifiedName } from "./records.js";

type LogMethods = Pick<JobStoreBackend, "writeLogs" | "readLogs" | "listLogs">;

/**
 * Reads a whole verified stream into memory (log messages only: they are small).
 *
 * @throws {@link @jobstore/core!JobStoreError} the stream's error, e.g. `JOBSTORE_CHECKSUM_MISMATCH`.
 * @example
 * ```ts
 * const message = await collect(stream);
 * ```
 * @internal
 */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stats and logging messages: one record per message named by {@link logName} (write order), unread until
 * delivered; content inline or in S3 like files (encrypted when a key is configured).
 *
 * @remarks `readLogs` lists the messages (consistent, paged) into a map keyed by name before delivering
 * any, so no message is delivered twice in one call (Toil's `readAll` bug); it delivers in name (write)
 * order and marks the delivered unread ones read, 25 a request on `aws:`, even when the callback throws
 * part-way. `listLogs` reads the same way and marks nothing.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`, `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`; whatever `callback` throws.
 * @example
 * ```ts
 * const logs = createLogMethods(layers);
 * await logs.writeLogs(Buffer.from("hello"), {});
 * await logs.readLogs((m) => console.log(m.toString()), false, {}); // 1
 * ```
 * @internal
 */
export function createLogMethods(layers: NamedLayers): LogMethods {
  const { content, metadata } = layers;

  async function ordered(unreadOnly: boolean, options: CallOptions): Promise<MetadataRecord[]> {
    const records = new Map<string, MetadataRecord>();
    for await (const record of metadata.listRecords("log", { unreadOnly }, options)) {
      records.set(record.name, record);
    }
    return [...records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async function readMessage(record: MetadataRecord, options: CallOptions): Promise<Buffer | undefined> {
    const stream = await content.open(record, options, `log message ${record.name}`);
    // Content gone means the message was never completed or the store is being destroyed: skip it.
    return stream ? collect(stream) : undefined;
  }

  return {
    async writeLogs(message, options, read = false) {
      const name = logName();
      const source = Readable.from([Buffer.from(message.buffer, message.byteOffset, message.byteLength)], {
        objectMode: false,
      });
      const stored = await content.store(
        qualifiedName("log", name),
        source,
        content.encryption,
        metadata.limits.inlineContentBytes,
        options,
        `log message ${name}`,
      );
      const record = withContent({ kind: "log", name, cleanup: false, executable: false, read }, stored);
      await commitContent(layers, record, undefined, undefined, options);
    },

    async readLogs(callback, readAll, options) {
      const records = await ordered(!readAll, options);
      const newlyRead: string[] = [];
      let delivered = 0;
      try {
        for (const record of records) {
          const message = await readMessage(record, options);
          if (message === undefined) continue;
          await callback(message);
          delivered++;
          if (!record.read) newlyRead.push(record.name);
        }
      } finally {
        // Mark what was delivered even if a later message or the callback failed; without the caller's
        // signal, since an abort after delivery must still record it.
        await metadata.markRead(newlyRead, {});
      }
      return delivered;
    },

    async *listLogs(options) {
      for (const record of await ordered(false, options)) {
        const message = await readMessage(record, options);
        if (message !== undefined) yield { message, read: record.read };
      }
    },
  };
}
