import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { withContent } from "../metadata/metadata-layer.js";
import { commitContent, openRecord, qualifiedName } from "./record-content.js";
import { requireStorable } from "./storable-names.js";

const label = (name: string) => `shared file ${name}`;

type SharedFileMethods = Pick<JobStoreBackend, "writeSharedFile" | "readSharedFile">;

/**
 * Shared files: one record per name, never owned by a job.
 *
 * @remarks A write reads the record first (consistent) to learn its version, then creates or replaces it
 * with the same conditional switch as job files, so two racing writers cannot both win.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_NAME` (a name over the layer's limit), `JOBSTORE_NO_SUCH_FILE`
 * (read of a missing name), `JOBSTORE_CONCURRENT_MODIFICATION`, `JOBSTORE_ENCRYPTION` (`encrypted` without a
 * key, or reading encrypted content without one), `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`,
 * `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await sharedFileMethods(ctx).writeSharedFile("config.json", Readable.from([bytes]), false, {});
 * ```
 * @internal
 */
export function sharedFileMethods(ctx: StoreContext): SharedFileMethods {
  const { content, metadata } = ctx;
  return {
    async writeSharedFile(name, source, encrypted, options) {
      const current = await (async () => {
        requireStorable("shared-file name", name, metadata.limits.maxSharedNameBytes, ctx.name);
        return metadata.getRecord("shared", name, options);
      })().catch((err: unknown) => {
        source.destroy();
        throw err;
      });
      const stored = await content.store(
        qualifiedName("shared", name),
        source,
        encrypted,
        metadata.limits.inlineContentBytes,
        options,
        label(name),
      );
      const record = withContent(
        { kind: "shared", name, cleanup: false, executable: false, read: false },
        stored,
      );
      await commitContent(ctx, record, current?.version, current?.key, options);
    },

    async readSharedFile(name, options) {
      return (await openRecord(ctx, "shared", name, options, label(name))).stream;
    },
  };
}
