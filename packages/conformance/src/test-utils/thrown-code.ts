import { isJobStoreError } from "@jobstore/core";

/**
 * The `JobStoreError` code `fn` throws synchronously: `undefined` when it returns, and a readable
 * "not a JobStoreError: …" when it throws something else, so that an assertion on the code shows what
 * came instead.
 *
 * @example
 * ```ts
 * import { thrownCode } from "@jobstore/conformance/test-utils";
 *
 * expect(thrownCode(() => parseLocator("bad"))).toBe("JOBSTORE_INVALID_LOCATOR");
 * ```
 * @public
 */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isJobStoreError(err) ? err.code : `not a JobStoreError: ${String(err)}`;
  }
  return undefined;
}
