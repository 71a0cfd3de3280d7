import { type CallOptions, JobStoreError } from "@jobstore/core";
import { type AwsContext, getItem } from "../context.js";
import { BACKEND_NAME, mapAwsError } from "../map-error.js";
import { decodeRecord, type FileRecord, type ItemKind } from "./file-items.js";

/**
 * Reads an item of the files domain with a consistent read; `undefined` when it is absent, incomplete
 * or of another kind (so that a job-file ID can never reach a shared file or a log message).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const record = await loadRecord(ctx, fileId, "file", options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function loadRecord(
  ctx: AwsContext,
  itemName: string,
  kind: ItemKind,
  options: CallOptions,
  label: string,
): Promise<FileRecord | undefined> {
  try {
    const record = decodeRecord(itemName, await getItem(ctx, ctx.names.filesDomain, itemName, options));
    return record?.kind === kind ? record : undefined;
  } catch (err) {
    throw mapAwsError(err, `read ${label}`);
  }
}

/**
 * The error for a missing file or shared file.
 *
 * @example
 * ```ts
 * if (!record) throw noSuchFile(`file ${fileId}`);
 * ```
 * @internal
 */
export function noSuchFile(label: string, why = "does not exist"): JobStoreError {
  return new JobStoreError("JOBSTORE_NO_SUCH_FILE", `${label} ${why}`, { backend: BACKEND_NAME });
}

/**
 * Loads a record that must exist.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE`, plus those of {@link loadRecord}.
 * @example
 * ```ts
 * const record = await requireRecord(ctx, fileId, "file", options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function requireRecord(
  ctx: AwsContext,
  itemName: string,
  kind: ItemKind,
  options: CallOptions,
  label: string,
): Promise<FileRecord> {
  const record = await loadRecord(ctx, itemName, kind, options, label);
  if (!record) throw noSuchFile(label);
  return record;
}
