import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { memoryError } from "../errors.js";
import { openContent } from "../storage/content.js";
import { requireFile, requireShared } from "../storage/file-records.js";
import { publishCopy } from "../storage/public-copies.js";
import { requireStore } from "../storage/store-registry.js";

type UrlMethods = Pick<JobStoreBackend, "getPublicUrl" | "getSharedPublicUrl">;

/**
 * The public URL half of the memory backend: each URL is the `file:` URL of a fresh copy (see
 * {@link publishCopy}). Encrypted content gets none.
 */
export function urlMethods(ctx: StoreContext): UrlMethods {
  return {
    async getPublicUrl(fileId, _expiresInSeconds, options) {
      const store = requireStore(ctx.storeName);
      const file = requireFile(store, fileId);
      if (file.encrypted) {
        // As on AWS: a URL anyone can read must not hand out what the key protects.
        throw memoryError(
          "JOBSTORE_ENCRYPTION",
          `file ${JSON.stringify(fileId)} is encrypted: no public URL`,
        );
      }
      const stream = openContent(file, ctx.key, `file ${JSON.stringify(fileId)}`);
      return publishCopy(store, destroyOnAbort(stream, options.signal), file.basename);
    },

    async getSharedPublicUrl(name, _expiresInSeconds, options) {
      const store = requireStore(ctx.storeName);
      const record = requireShared(store, name);
      if (record.encrypted) {
        throw memoryError("JOBSTORE_ENCRYPTION", `shared file ${name} is encrypted: no public URL`);
      }
      const stream = openContent(record, ctx.key, `shared file ${name}`);
      return publishCopy(store, destroyOnAbort(stream, options.signal), name);
    },
  };
}
