import { isRestError } from "@azure/storage-blob";
import { networkFailureTest } from "@jobstore/core";
import { isObjectStoreError, type ObjectErrorKind, ObjectStoreError } from "@jobstore/object-store";

const NO_CONTAINER = new Set(["ContainerNotFound", "ContainerDisabled"]);
const TRANSIENT_CODES = new Set([
  "ServerBusy",
  "OperationTimedOut",
  "InternalError",
  "ContainerBeingDeleted",
]);
const UNSUPPORTED_CODES = new Set(["FeatureNotSupported", "UnsupportedHeader", "UnsupportedQueryParameter"]);
// Transport failures (no HTTP reply): a retry may succeed.
const isNetworkError = networkFailureTest({ codes: ["REQUEST_SEND_ERROR", "ERR_STREAM_PREMATURE_CLOSE"] });
// @azure/identity's errors: no credential found, or the identity service refused it.
const CREDENTIAL_ERRORS = new Set([
  "CredentialUnavailableError",
  "AuthenticationError",
  "AggregateAuthenticationError",
]);

type ErrorShape = { name?: string; code?: string; message?: string; cause?: unknown } | null;

/** The service's error code: a body's `<Code>`, or the `x-ms-error-code` header of a HEAD's answer. */
export function azureErrorCode(err: unknown): string | undefined {
  if (!isRestError(err)) return undefined;
  const details = err.details as { errorCode?: string } | undefined;
  return details?.errorCode ?? err.code;
}

function kindOf(err: unknown): { kind: ObjectErrorKind; status?: number } {
  const e = err as ErrorShape;
  // The caller's own abort is handled before (a fired signal). An AbortError without it is the SDK or the
  // HTTP layer giving up on a connection (a reset or truncated response body): a retry may succeed.
  if (e?.name === "AbortError") return { kind: "transient" };
  if (CREDENTIAL_ERRORS.has(e?.name ?? "")) return { kind: "auth" };
  if (!isRestError(err) || err.statusCode === undefined) {
    return { kind: isNetworkError(err) ? "transient" : "other" };
  }
  const status = err.statusCode;
  const code = azureErrorCode(err) ?? "";
  if (NO_CONTAINER.has(code)) return { kind: "no-container", status };
  if (TRANSIENT_CODES.has(code) || status >= 500 || status === 408 || status === 429) {
    return { kind: status === 501 ? "unsupported" : "transient", status };
  }
  if (UNSUPPORTED_CODES.has(code) || status === 405) return { kind: "unsupported", status };
  if (status === 401 || status === 403) return { kind: "auth", status };
  if (status === 404) return { kind: "missing", status };
  if (status === 409 || status === 412) return { kind: "condition", status };
  if (status === 400 || status === 413 || status === 416) return { kind: "invalid", status };
  return { kind: "other", status };
}

/**
 * Classifies an `@azure/storage-blob` (or `@azure/identity`, or transport) error once, into an
 * {@link @jobstore/object-store!ObjectStoreError}; a fired `signal` makes it `"aborted"` whatever the SDK
 * said. Throttling (503 `ServerBusy`, 500 `OperationTimedOut`) reaches here only after the SDK's retry
 * policy gave up, and is `"transient"`.
 */
export function classifyAzureError(err: unknown, what: string, signal?: AbortSignal): ObjectStoreError {
  if (signal?.aborted) {
    return new ObjectStoreError("aborted", `${what}: aborted`, { cause: signal.reason ?? err });
  }
  if (isObjectStoreError(err)) return err;
  const { kind, status } = kindOf(err);
  const code = azureErrorCode(err);
  const e = err as ErrorShape;
  const detail = `${what}: ${code ?? e?.name ?? "Error"}: ${(e?.message ?? String(err)).split("\n")[0]}`;
  return new ObjectStoreError(kind, detail, status === undefined ? { cause: err } : { cause: err, status });
}

/** Rejects a call whose signal already fired, before any request (the SDK's batch ignores a fired signal). */
export function checkSignal(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new ObjectStoreError("aborted", `${what}: aborted`, { cause: signal.reason });
}
