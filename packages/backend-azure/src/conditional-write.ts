import type { BlobRequestConditions } from "@azure/storage-blob";
import type { WriteCondition, WriteOutcome } from "@jobstore/object-store";
import { azureErrorCode, classifyAzureError } from "./classify-error.js";

/**
 * The adapter's own retry of conditional writes (the clients that send them have the SDK's retry turned
 * off), so that it knows when a lost condition may be its own earlier attempt.
 *
 * @public
 */
export interface AzureWriteRetry {
  /** Attempts in all (default 4, as the SDK's policy). */
  maxTries?: number | undefined;
  /** The first back-off in ms, doubled per retry, with jitter (default 800). */
  retryDelayMs?: number | undefined;
  /** The longest back-off in ms (default 16000). */
  maxRetryDelayMs?: number | undefined;
}

/** An ETag as {@link @jobstore/object-store!ObjectInfo.tag}: no quotes, no `W/`. */
export function bareTag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/^"|"$/g, "");
}

/** A write condition as the SDK's access conditions. */
export function toConditions(condition: WriteCondition): BlobRequestConditions | undefined {
  if (condition === undefined) return undefined;
  if ("ifNoneMatch" in condition) return { ifNoneMatch: "*" };
  return { ifMatch: condition.ifMatch === "*" ? "*" : `"${condition.ifMatch}"` };
}

function lostAs(condition: WriteCondition, status: number | undefined, code: string | undefined) {
  if (condition === undefined) return undefined;
  if ("ifNoneMatch" in condition) {
    if (code === "BlobAlreadyExists" || status === 412) return "exists" as const;
    return status === 409 ? ("conflict" as const) : undefined;
  }
  // If-Match on a blob that is gone answers 412 too: "changed" either way.
  if (status === 412 || status === 404) return "changed" as const;
  return status === 409 ? ("conflict" as const) : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Sends a write under `condition` until it is answered: a lost condition is a value (`uncertain` when an
 * earlier attempt may have been applied), a transient failure is retried with back-off, anything else
 * is thrown classified.
 */
export async function writeConditionally(
  what: string,
  condition: WriteCondition,
  signal: AbortSignal | undefined,
  retry: AzureWriteRetry,
  send: (conditions: BlobRequestConditions | undefined) => Promise<{ etag?: string | undefined }>,
): Promise<WriteOutcome> {
  const maxTries = retry.maxTries ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await send(toConditions(condition));
      return { written: true, tag: bareTag(answer.etag) };
    } catch (err) {
      const e = classifyAzureError(err, what, signal);
      const lost =
        e.kind === "condition" || e.kind === "missing"
          ? lostAs(condition, e.status, azureErrorCode(err))
          : undefined;
      if (lost) return { written: false, lost, uncertain: attempt > 1 };
      if (e.kind !== "transient" || attempt >= maxTries) throw e;
      const base = Math.min(
        retry.maxRetryDelayMs ?? 16_000,
        (retry.retryDelayMs ?? 800) * 2 ** (attempt - 1),
      );
      await sleep(base * (0.5 + Math.random() / 2), signal);
      if (signal?.aborted) throw classifyAzureError(err, what, signal);
    }
  }
}
