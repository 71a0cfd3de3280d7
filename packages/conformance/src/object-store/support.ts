import { createHash, randomBytes } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { isObjectStoreError, type ObjectErrorKind, type ObjectInfo } from "@jobstore/object-store";
import { expect } from "vitest";
import { describeError } from "./describe-error.js";
import type { ObjectStoreSuiteOptions } from "./options.js";

const DEFAULT_TIMEOUT_MS = 60_000;

/** The per-test timeout; `scale` stretches it for the race and pagination checks. */
export function testTimeout(options: ObjectStoreSuiteOptions, scale = 1): number {
  return (options.testTimeoutMs ?? DEFAULT_TIMEOUT_MS) * scale;
}

/** `n` random bytes. */
export function randomData(n: number): Buffer {
  return randomBytes(n);
}

/** SHA-256 hex of `data`, so a failed comparison prints two short strings, not two megabytes. */
export function digest(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Asserts that `call` rejects with an {@link @jobstore/object-store!ObjectStoreError} of `kind`: a
 * success, another class or another kind fails the test with what came instead.
 */
export async function expectObjectError(what: string, call: () => Promise<unknown>, kind: ObjectErrorKind) {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  if (error === undefined)
    expect.fail(`${what}: expected an ObjectStoreError of kind "${kind}", but it succeeded`);
  expect(isObjectStoreError(error) ? `ObjectStoreError(${error.kind})` : describeError(error), what).toBe(
    `ObjectStoreError(${kind})`,
  );
}

/** Every item of a paged listing, and the size of each page. */
export async function collectPages<T>(
  pages: AsyncIterable<T[]>,
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  for await (const page of pages) {
    items.push(...page);
    pageSizes.push(page.length);
  }
  return { items, pageSizes };
}

/** The keys of a listing. */
export function keysOf(infos: readonly ObjectInfo[]): string[] {
  return infos.map((i) => i.key);
}

/** A stream's whole content. */
export const readStream = buffer;
