import type { Readable } from "node:stream";
import { abortError } from "./errors.js";

function ignore(): void {}

/**
 * Ties a stream a backend hands out to the call's signal: an abort destroys it (closing its descriptor
 * or request) with `JOBSTORE_ABORTED`, which the caller's read reports, even when the caller had not
 * started reading yet. Node's `addAbortSignal` destroys with its own `ABORT_ERR`, which a caller cannot
 * tell from a storage failure by its code.
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
  const stop = () => {
    // The caller may not listen yet (it awaits something else before reading): without a listener the
    // 'error' event would end the process. The caller still gets the error from the read itself, as
    // `for await`, `pipeline` and consumers report a stream that failed before they started.
    stream.on("error", ignore);
    stream.destroy(abortError(signal));
  };
  if (signal.aborted) stop();
  else {
    signal.addEventListener("abort", stop, { once: true });
    stream.once("close", () => signal.removeEventListener("abort", stop));
  }
  return stream;
}
