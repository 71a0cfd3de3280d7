import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { stageStream } from "../storage/content.js";
import { openContent } from "../storage/content-reader.js";
import { commitSharedFile, sharedLabel, withSharedContent } from "../storage/shared-commit.js";

type SharedFileMethods = Pick<JobStoreBackend, "writeSharedFile" | "readSharedFile">;

/** The shared-file half of the file backend: records and content under `shared/`. */
export function sharedFileMethods(ctx: StoreContext): SharedFileMethods {
  return {
    async writeSharedFile(name, source, encrypted, options) {
      const staged = await stageStream(ctx, source, encrypted, false, options.signal);
      await commitSharedFile(ctx, name, staged);
    },

    async readSharedFile(name, options) {
      return withSharedContent(ctx, name, async (record, path) =>
        destroyOnAbort(await openContent(ctx, record, path, sharedLabel(name)), options.signal),
      );
    },
  };
}
