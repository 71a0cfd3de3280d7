/**
 * `{ abortSignal }` for `client.send`, from our `{ signal }`.
 *
 * @example
 * ```ts
 * await sdb.send(command, sendOptions(options));
 * ```
 * @internal
 */
export function sendOptions(options: { signal?: AbortSignal | undefined }): { abortSignal?: AbortSignal } {
  return options.signal ? { abortSignal: options.signal } : {};
}
