import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { type JobStoreBackend, throwIfAborted } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { isMissing } from "../errors.js";
import { install, readWhole, writeTemp } from "../storage/io.js";
import { DIRS } from "../storage/layout.js";
import { logNames } from "../storage/log-names.js";

type LogMethods = Pick<JobStoreBackend, "writeLogs" | "readLogs">;

let sequence = 0;

// Sorts by time across processes (milliseconds, fixed width), then by order within this process.
function messageName(): string {
  sequence = (sequence + 1) % 1e9;
  return `${String(Date.now()).padStart(15, "0")}-${String(sequence).padStart(9, "0")}-${randomUUID()}`;
}

/**
 * Log messages as files: written whole to a temp file and renamed into `logs/unread/` (or `logs/read/`).
 * Reading claims a message by renaming it to `logs/read/` before delivering it: among concurrent
 * readers, in this process or another, exactly one rename succeeds, so no message is delivered twice.
 */
export function logMethods(ctx: StoreContext): LogMethods {
  const unread = join(ctx.layout.root, DIRS.unread);
  const read = join(ctx.layout.root, DIRS.read);

  return {
    async writeLogs(message, _options, isRead) {
      const data = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
      await install(ctx, await writeTemp(ctx, data), join(isRead ? read : unread, messageName()));
    },

    async readLogs(callback, readAll, options) {
      let delivered = 0;
      // Listed before any claim, so a message claimed by this call is not delivered again as a read one.
      const before = readAll ? await logNames(ctx, read) : [];
      for (const name of before) {
        throwIfAborted(options.signal);
        const bytes = await readWhole(ctx.fs, join(read, name));
        if (!bytes) continue;
        await callback(bytes);
        delivered++;
      }
      for (const name of await logNames(ctx, unread)) {
        throwIfAborted(options.signal);
        try {
          await ctx.fs.rename(join(unread, name), join(read, name));
        } catch (err) {
          if (isMissing(err)) continue; // another reader took it
          throw err;
        }
        const bytes = await readWhole(ctx.fs, join(read, name));
        if (!bytes) continue;
        try {
          await callback(bytes);
        } catch (err) {
          // Undelivered: it goes back to unread for the next call.
          await ctx.fs.rename(join(read, name), join(unread, name)).catch(() => {});
          throw err;
        }
        delivered++;
      }
      return delivered;
    },
  };
}
