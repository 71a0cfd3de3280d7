import type { FileWriteMeta } from "../backend.js";
import type { FileId } from "../types.js";
import { requireId, requireStorableId } from "./ids.js";
import type { StoreContext } from "./store-context.js";
import { isValidBasename, requireBasename } from "./validate.js";

/** The checked options of a new file, before its ID is made. */
export interface FilePlan {
  jobId: string | undefined;
  cleanup: boolean;
  basename: string | undefined;
}

/** The options every new-file write takes. */
interface NewFileOptions {
  jobId?: unknown;
  cleanup?: unknown;
  basename?: unknown;
}

/**
 * Checks a new file's options before any I/O.
 *
 * @throws TypeError for a `jobId` that is not a string.
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_NAME` for a `jobId` the backend cannot hold or a bad
 * basename.
 */
export function planFile(ctx: StoreContext, options: NewFileOptions | undefined): FilePlan {
  const rawJobId = options?.jobId === undefined ? undefined : requireId("jobId", options.jobId);
  // An empty jobId has always meant "no owner".
  const jobId = rawJobId ? requireStorableId(ctx.caps, "jobId", rawJobId) : undefined;
  return {
    jobId,
    cleanup: options?.cleanup === true && jobId !== undefined,
    basename: requireBasename(options?.basename),
  };
}

/** The backend's metadata for a planned file (`fallbackName`: the source's name, when usable). */
export function fileMetaOf(plan: FilePlan, executable: boolean, fallbackName?: string): FileWriteMeta {
  const basename = plan.basename ?? (isValidBasename(fallbackName) ? fallbackName : undefined);
  const meta: FileWriteMeta = { cleanup: plan.cleanup, executable };
  if (plan.jobId !== undefined) meta.jobId = plan.jobId;
  if (basename !== undefined) meta.basename = basename;
  return meta;
}

/** A fresh ID from the backend for a file with `meta` (no I/O). */
export function newFileId(ctx: StoreContext, meta: FileWriteMeta): FileId {
  const request: { jobId?: string; basename?: string } = {};
  if (meta.jobId !== undefined) request.jobId = meta.jobId;
  if (meta.basename !== undefined) request.basename = meta.basename;
  return ctx.backend.newFileId(request);
}
