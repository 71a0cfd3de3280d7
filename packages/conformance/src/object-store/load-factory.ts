import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ObjectStore } from "@jobstore/object-store";
import type { ObjectStoreFactory, ObjectStoreFactoryRef } from "./options.js";

function moduleUrl(specifier: string): string {
  return specifier.startsWith("file:") ? specifier : pathToFileURL(specifier).href;
}

/** Imports the factory module and returns a function making adapters on one container. */
export async function loadFactory(
  ref: ObjectStoreFactoryRef,
): Promise<(container: string) => Promise<ObjectStore>> {
  const loaded = (await import(moduleUrl(ref.module))) as Record<string, unknown>;
  const factory = loaded[ref.export];
  if (typeof factory !== "function") {
    throw new TypeError(`${ref.module} exports no function named ${JSON.stringify(ref.export)}`);
  }
  return async (container) => (factory as ObjectStoreFactory)(container, ref.config);
}

/**
 * A fresh container name every service accepts: 3–63 characters of `[a-z0-9-]`, starting with a letter,
 * no double hyphen (S3 bucket and Azure container rules alike).
 */
export function freshContainerName(): string {
  return `osc-${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
}
