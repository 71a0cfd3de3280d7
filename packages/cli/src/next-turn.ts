/**
 * Resolves at the event loop's next turn. A backend whose calls complete synchronously (the file
 * backend's direct fs calls) can resolve a whole transfer in microtasks and starve the loop: no SIGINT,
 * no timers until it ends. Long loops await this per chunk, so Ctrl-C stops them within a chunk.
 *
 * @example
 * ```ts
 * for await (const chunk of stream) { out.write(chunk); await nextTurn(); }
 * ```
 * @public
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
