// With direct system calls every backend call can complete without ever returning to the event loop, so a
// caller's loop of awaits (or one long read) would starve timers, signals and other I/O until it ended.
// Yielding once per YIELD_MS of work bounds that delay at a cost of one setImmediate per 10 ms.
const YIELD_MS = 10;
let lastYield = performance.now();

/**
 * A promise to await when this thread has gone `YIELD_MS` without the event loop running; otherwise
 * `undefined` (nothing to wait for), so the common case costs one clock read.
 */
export function maybeYield(): Promise<void> | undefined {
  if (performance.now() - lastYield < YIELD_MS) return undefined;
  return new Promise((resolve) => {
    setImmediate(() => {
      lastYield = performance.now();
      resolve();
    });
  });
}
