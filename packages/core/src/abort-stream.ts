import type { Readable } from "node:stream";
import { abortError } from "./errors.js";

/**
 * Ties a stream a backend hands out to the call's signal: an abort destroys it (closing its descriptor
 * or request) with `JOBSTORE_ABORTED`. Node's `addAbortSignal` destroys with its own `ABORT_ERR`, which a
 * caller cannot tell from a storage failure by its code.
 *
 * @returns `stream` itself.
 * @example
 * ```ts
 * return { stream: destroyOnAbort(await openContent(record), options.signal), executable };
 * ```
 * @public
 */
export function destroyOnAbort<T extends Readable>(stream: T, signal: AbortSignal | undefined): T {
  if (!signal) return stream;
  const stop = () => stream.destroy(abortError(signal));
  if (signal.aborted) stop();
  else {
    signal.addEventListener("abort", stop, { once: true });
    stream.once("close", () => signal.removeEventListener("abort", stop));
  }
  return stream;
}
