import { isObjectStoreError } from "@jobstore/object-store";

/** How an error looks in a message: its class, kind and text (no vitest here: racers import it). */
export function describeError(error: unknown): string {
  if (isObjectStoreError(error)) return `ObjectStoreError(${error.kind}): ${error.message}`;
  if (error instanceof Error) return `${error.name} (not an ObjectStoreError): ${error.message}`;
  return `non-error thrown (not an ObjectStoreError): ${String(error)}`;
}
