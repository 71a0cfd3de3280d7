import { type JobStoreBackend, throwIfAborted } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { requireStore, type StoreState } from "../storage/store-registry.js";

type LogMethods = Pick<JobStoreBackend, "writeLogs" | "readLogs">;

/** The log half of the memory backend: messages kept in two lists, read and unread, per store. */
export function logMethods(ctx: StoreContext): LogMethods {
  return {
    async writeLogs(message, _options, read) {
      appendLog(requireStore(ctx.storeName), message, read === true);
    },

    async readLogs(callback, readAll, options) {
      return deliverLogs(requireStore(ctx.storeName), callback, readAll, options.signal);
    },
  };
}

/** Stores one message, copied so the caller may reuse its buffer; `read` files it as delivered already. */
export function appendLog(store: StoreState, message: Uint8Array, read = false): void {
  (read ? store.logs.read : store.logs.unread).push(Buffer.from(message));
}

/**
 * Delivers messages to `callback`: with `readAll`, the ones read before this call first, then the unread
 * ones, each of which is marked read once its callback resolves.
 *
 * @remarks
 * The unread messages are claimed up front, so a concurrent reader never gets them too, and the two lists
 * are disjoint, so no message is delivered twice in one call (Toil's `readAll` bug). If the callback
 * throws, the messages not yet delivered go back to the front of the unread list.
 */
export async function deliverLogs(
  store: StoreState,
  callback: (message: Buffer) => void | Promise<void>,
  readAll: boolean,
  signal: AbortSignal | undefined,
): Promise<number> {
  const alreadyRead = readAll ? [...store.logs.read] : [];
  const claimed = store.logs.unread.splice(0);
  let delivered = 0;
  try {
    for (const message of alreadyRead) {
      throwIfAborted(signal);
      await callback(Buffer.from(message));
      delivered++;
    }
    while (claimed.length > 0) {
      throwIfAborted(signal);
      const message = claimed[0]!;
      await callback(Buffer.from(message));
      claimed.shift();
      store.logs.read.push(message);
      delivered++;
    }
  } catch (err) {
    store.logs.unread.unshift(...claimed);
    throw err;
  }
  return delivered;
}
