import { Readable } from "node:stream";
import { BatchPutAttributesCommand } from "@jobstore/client-simpledb";
import type { CallOptions } from "@jobstore/core";
import { type AwsContext, quote, selectAll, sendOptions } from "../context.js";
import { mapAwsError } from "../map-error.js";
import { commitContent, expectVersion } from "./commit-content.js";
import { collect, openStored, verifiedStream } from "./content-reader.js";
import { storeContent } from "./content-writer.js";
import { decodeRecord, type FileRecord, logItemName } from "./file-items.js";

/** SimpleDB's limit of items per BatchPutAttributes. */
const BATCH_ITEMS = 25;

/**
 * The log methods of the SPI on one {@link AwsContext}.
 *
 * @internal
 */
export interface LogOps {
  writeLogs(message: Uint8Array, options: CallOptions): Promise<void>;
  readLogs(
    callback: (message: Buffer) => void | Promise<void>,
    readAll: boolean,
    options: CallOptions,
  ): Promise<number>;
}

/**
 * Stats and logging messages: one item per message, `log:<ms timestamp>-<uuid>`, `read` = "0" until
 * delivered; content inline or in S3 like files (encrypted when a key is configured).
 *
 * @remarks `readLogs` selects the messages (consistent, paged) into a map keyed by item name before
 * delivering any, so no message is delivered twice in one call (Toil's `readAll` bug); it delivers in
 * item-name (write) order and marks the delivered unread ones read with BatchPutAttributes, 25 a call,
 * even when the callback throws part-way.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`, `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`; whatever `callback` throws.
 * @example
 * ```ts
 * const logs = createLogOps(ctx);
 * await logs.writeLogs(Buffer.from("hello"), {});
 * await logs.readLogs((m) => console.log(m.toString()), false, {}); // 1
 * ```
 * @internal
 */
export function createLogOps(ctx: AwsContext): LogOps {
  async function markRead(names: readonly string[], options: CallOptions): Promise<void> {
    for (let i = 0; i < names.length; i += BATCH_ITEMS) {
      const Items = names
        .slice(i, i + BATCH_ITEMS)
        .map((Name) => ({ Name, Attributes: [{ Name: "read", Value: "1", Replace: true }] }));
      await ctx.sdb
        .send(
          new BatchPutAttributesCommand({ DomainName: ctx.names.filesDomain, Items }),
          sendOptions(options),
        )
        .catch((err: unknown) => {
          throw mapAwsError(err, "mark log messages read");
        });
    }
  }

  async function readMessage(record: FileRecord, options: CallOptions): Promise<Buffer | undefined> {
    const label = `log message ${record.itemName}`;
    const stored = await openStored(ctx, record, options, label);
    // Content gone means the message was never completed or the store is being destroyed: skip it.
    return stored ? collect(verifiedStream(ctx, stored, record, label)) : undefined;
  }

  return {
    async writeLogs(message, options) {
      const itemName = logItemName();
      const label = `log message ${itemName}`;
      const source = Readable.from([Buffer.from(message.buffer, message.byteOffset, message.byteLength)], {
        objectMode: false,
      });
      const content = await storeContent(
        ctx,
        itemName,
        source,
        ctx.encryptionKey !== undefined,
        options,
        label,
      );
      await commitContent(
        ctx,
        itemName,
        { kind: "log", read: "0" },
        content,
        expectVersion(undefined),
        undefined,
        options,
        label,
      );
    },

    async readLogs(callback, readAll, options) {
      const where = `kind = ${quote("log")}${readAll ? "" : ` and read = ${quote("0")}`}`;
      const records = new Map<string, FileRecord>();
      try {
        for await (const { name, attributes } of selectAll(
          ctx,
          `select * from \`${ctx.names.filesDomain}\` where ${where}`,
          options,
        )) {
          const record = decodeRecord(name, attributes);
          if (record?.kind === "log") records.set(name, record);
        }
      } catch (err) {
        throw mapAwsError(err, "list log messages");
      }
      const ordered = [...records.values()].sort((a, b) =>
        a.itemName < b.itemName ? -1 : a.itemName > b.itemName ? 1 : 0,
      );
      const newlyRead: string[] = [];
      let delivered = 0;
      try {
        for (const record of ordered) {
          const message = await readMessage(record, options);
          if (message === undefined) continue;
          await callback(message);
          delivered++;
          if (!record.read) newlyRead.push(record.itemName);
        }
      } finally {
        // Mark what was delivered even if a later message or the callback failed; without the caller's
        // signal, since an abort after delivery must still record it.
        await markRead(newlyRead, {});
      }
      return delivered;
    },
  };
}
