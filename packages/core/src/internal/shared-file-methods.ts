import type { Writable } from "node:stream";
import { JobStoreError } from "../errors.js";
import type { CallOptions, SharedFileOptions } from "../types.js";
import { runCallbackWrite } from "./callback-feed.js";
import { callerCode } from "./guard.js";
import { requireSharedName } from "./ids.js";
import { type MethodTable, method } from "./method-table.js";
import { opts, type StoreContext } from "./store-context.js";
import { requireCallback } from "./validate.js";

/**
 * Whether a shared file is stored encrypted: as asked, or when a key is configured.
 *
 * @throws {@link JobStoreError} `JOBSTORE_ENCRYPTION` when encryption is asked for without a key.
 */
export function resolveEncryption(ctx: StoreContext, name: string, asked: boolean | undefined): boolean {
  const encrypted = asked ?? ctx.caps.encryption;
  if (encrypted && !ctx.caps.encryption) {
    throw new JobStoreError(
      "JOBSTORE_ENCRYPTION",
      `shared file ${name}: encryption asked for but no key is configured`,
    );
  }
  return encrypted;
}

/** `writeSharedFileStream` and `readSharedFileStream`. */
export const SHARED_FILE_METHODS: MethodTable = {
  writeSharedFileStream: method({
    optionsAt: 2,
    check: (
      ctx: StoreContext,
      name: string,
      callback: (writable: Writable) => unknown,
      options?: SharedFileOptions,
    ): boolean => {
      requireSharedName(ctx.caps, name);
      requireCallback("writeSharedFileStream", callback);
      return resolveEncryption(ctx, name, options?.encrypted);
    },
    async io(ctx, signal, encrypted, name, callback) {
      await runCallbackWrite(
        (writable: Writable) => callerCode(() => callback(writable)),
        (source) => ctx.backend.writeSharedFile(name, source, encrypted, opts(signal)),
      );
    },
  }),

  readSharedFileStream: method({
    optionsAt: 1,
    check: (ctx: StoreContext, name: string, _options?: CallOptions) =>
      void requireSharedName(ctx.caps, name),
    io: (ctx, signal, _p, name) => ctx.backend.readSharedFile(name, opts(signal)),
  }),
};
