import type { Readable } from "node:stream";
import type { CallOptions } from "@jobstore/core";
import type { AwsContext } from "../context.js";
import { commitContent, expectVersion } from "./commit-content.js";
import { openItem } from "./content-reader.js";
import { storeContent } from "./content-writer.js";
import { sharedItemName } from "./file-items.js";
import { loadRecord } from "./records.js";

const label = (name: string) => `shared file ${name}`;

/**
 * The shared-file methods of the SPI on one {@link AwsContext}.
 *
 * @internal
 */
export interface SharedFileOps {
  writeSharedFile(name: string, source: Readable, encrypted: boolean, options: CallOptions): Promise<void>;
  readSharedFile(name: string, options: CallOptions): Promise<Readable>;
}

/**
 * Shared files: item `shared:<name>` in the files domain, never owned by a job.
 *
 * @remarks A write reads the item first (consistent) to learn its version, then creates or replaces it
 * with the same conditional switch as job files, so two racing writers cannot both win.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` (read of a missing name),
 * `JOBSTORE_CONCURRENT_MODIFICATION`, `JOBSTORE_ENCRYPTION` (`encrypted` without a key, or reading
 * encrypted content without one), `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await createSharedFileOps(ctx).writeSharedFile("config.json", Readable.from([bytes]), false, {});
 * ```
 * @internal
 */
export function createSharedFileOps(ctx: AwsContext): SharedFileOps {
  return {
    async writeSharedFile(name, source, encrypted, options) {
      const itemName = sharedItemName(name);
      const current = await loadRecord(ctx, itemName, "shared", options, label(name)).catch(
        (err: unknown) => {
          source.destroy();
          throw err;
        },
      );
      const content = await storeContent(ctx, itemName, source, encrypted, options, label(name));
      await commitContent(
        ctx,
        itemName,
        { kind: "shared" },
        content,
        expectVersion(current?.version),
        current?.key,
        options,
        label(name),
      );
    },

    async readSharedFile(name, options) {
      return (await openItem(ctx, sharedItemName(name), "shared", options, label(name))).stream;
    },
  };
}
