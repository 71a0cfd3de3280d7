import { JobStoreError } from "../errors.js";
import type { JobDescription, StoredJob } from "../types.js";
import { requireStorableId } from "./ids.js";
import type { StoreContext } from "./store-context.js";

/**
 * Whether `name` can be a file's last path segment: backends may use it in a key or a path, so `.` and
 * `..` (which name directories, and would climb out of one) are refused along with `/`, NUL and lone
 * surrogates (which no file system or key encoding keeps).
 */
export function isValidBasename(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name !== "" &&
    (name as unknown as { isWellFormed(): boolean }).isWellFormed() &&
    name !== "." &&
    name !== ".." &&
    !name.includes("/") &&
    !name.includes("\0")
  );
}

export function requireBasename(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  if (!isValidBasename(name)) {
    throw new JobStoreError("JOBSTORE_INVALID_NAME", `invalid basename ${JSON.stringify(name)}`);
  }
  return name;
}

export function requireJob(method: string, job: unknown): JobDescription {
  if (typeof job !== "object" || job === null || Array.isArray(job)) {
    throw new TypeError(`${method}: a job must be a plain object`);
  }
  return job as JobDescription;
}

export function requireStorableJob(ctx: StoreContext, method: string, job: unknown): StoredJob {
  const checked = requireJob(method, job);
  if (typeof checked.jobStoreId !== "string" || checked.jobStoreId === "") {
    throw new TypeError(`${method}: the job has no jobStoreId; call assignJobId first`);
  }
  requireStorableId(ctx.caps, "jobStoreId", checked.jobStoreId);
  if (
    checked.version !== undefined &&
    (typeof checked.version !== "number" || !Number.isInteger(checked.version))
  ) {
    throw new TypeError(`${method}: job ${checked.jobStoreId} has a non-integer version`);
  }
  // One more would not be exactly representable: versions would stop increasing.
  if (checked.version !== undefined && checked.version >= Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `${method}: job ${checked.jobStoreId} has version ${checked.version}, too large to increment`,
    );
  }
  return checked as StoredJob;
}

export function requireCallback(method: string, fn: unknown): void {
  if (typeof fn !== "function") throw new TypeError(`${method}: the callback must be a function`);
}

export function requireUrl(value: unknown): URL {
  if (value instanceof URL) return value;
  if (typeof value === "string") {
    try {
      return new URL(value);
    } catch {
      // fall through to the error below, which names the value
    }
  }
  throw new JobStoreError("JOBSTORE_INVALID_LOCATOR", `invalid URL ${JSON.stringify(String(value))}`);
}
