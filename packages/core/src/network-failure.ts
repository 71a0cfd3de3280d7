/**
 * Error codes of a transport failure: the request got no reply (refused, reset, timed out, the name did
 * not resolve), so a retry may succeed. Node's socket codes plus undici's.
 *
 * @public
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
]);

/**
 * What else an SDK calls a transport failure: error codes beyond {@link NETWORK_ERROR_CODES} and error
 * names (always including `TimeoutError`).
 *
 * @public
 */
export interface NetworkFailureShapes {
  /** More codes, e.g. `"REQUEST_SEND_ERROR"` (Azure) or `"ERR_STREAM_PREMATURE_CLOSE"` (a body cut off). */
  codes?: Iterable<string>;
  /** More names, e.g. `"NetworkingError"` (AWS SDK). */
  names?: Iterable<string>;
}

type ErrorShape = { name?: unknown; code?: unknown; cause?: unknown } | null;

/**
 * A test for transport failures: whether an error, or one of its causes up to four deep (SDKs wrap the
 * socket's error), has a code of {@link NETWORK_ERROR_CODES} or `extra.codes`, or a name of `extra.names`
 * or `TimeoutError`. Adapters use it to classify what has no HTTP status; anything else without a status
 * is a local fault, never retried.
 *
 * @example
 * ```ts
 * const isNetworkError = networkFailureTest({ names: ["NetworkingError", "RequestTimeout"] });
 * if (status === undefined && isNetworkError(err)) return "transient";
 * ```
 * @public
 */
export function networkFailureTest(extra: NetworkFailureShapes = {}): (err: unknown) => boolean {
  const codes = new Set([...NETWORK_ERROR_CODES, ...(extra.codes ?? [])]);
  const names = new Set(["TimeoutError", ...(extra.names ?? [])]);
  return (err) => {
    for (let e = err as ErrorShape, depth = 0; e && depth < 4; e = e.cause as ErrorShape, depth++) {
      if (typeof e !== "object") return false;
      if (codes.has(String(e.code ?? "")) || names.has(String(e.name ?? ""))) return true;
    }
    return false;
  };
}
