import { Readable } from "node:stream";
import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { logName, withContent } from "../metadata/metadata-layer.js";
import { orderedLogs, readLogMessage } from "./log-messages.js";
import { commitContent, qualifiedName } from "./record-content.js";

type LogMethods = Pick<JobStoreBackend, "writeLogs" | "readLogs">;

/**
 * Stats and logging messages: one record per message named by {@link logName} (write order), unread until
 * delivered; content inline or in an object like files (encrypted when a key is configured).
 *
 * @remarks `readLogs` lists the messages (consistent, paged) into a map keyed by name before delivering
 * any, so no message is delivered twice in one call (Toil's `readAll` bug); it delivers in name (write)
 * order and marks the delivered unread ones read, 25 a request on `aws:`, even when the callback throws
 * part-way. `listLogs` (in the listing section) reads the same way and marks nothing.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`, `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`; whatever `callback` throws.
 * @example
 * ```ts
 * const logs = logMethods(ctx);
 * await logs.writeLogs(Buffer.from("hello"), {});
 * await logs.readLogs((m) => console.log(m.toString()), false, {}); // 1
 * ```
 * @internal
 */
export function logMethods(ctx: StoreContext): LogMethods {
  const { content, metadata } = ctx;
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
      await commitContent(ctx, record, undefined, undefined, options);
    },

    async readLogs(callback, readAll, options) {
      const records = await orderedLogs(ctx, !readAll, options);
      const newlyRead: string[] = [];
      let delivered = 0;
      try {
        for (const record of records) {
          const message = await readLogMessage(ctx, record, options);
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
  };
}
