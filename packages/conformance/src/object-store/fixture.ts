import { isObjectStoreError, type ObjectStore, type ObjectStoreCapabilities } from "@jobstore/object-store";
import { onTestFinished } from "vitest";
import { describeError } from "./describe-error.js";
import { freshContainerName, loadFactory } from "./load-factory.js";
import type { ObjectStoreSuiteOptions } from "./options.js";

/** What one contract test works on: an adapter on a fresh container, and more adapters on it. */
export interface ObjectStoreFixture {
  /** The first adapter; its container exists unless the fixture was made with `create: false`. */
  readonly store: ObjectStore;
  /** The fresh container's name. */
  readonly container: string;
  /** The adapter's capabilities (read from the adapter, never from options). */
  readonly capabilities: ObjectStoreCapabilities;
  /** Another adapter on the same container, as another process would have one; closed after the test. */
  open(): Promise<ObjectStore>;
}

/** Removes every object and upload of the container, then the container, through a fresh adapter. */
async function removeContainer(store: ObjectStore): Promise<void> {
  const keys: string[] = [];
  for await (const page of store.list("", {})) keys.push(...page.map((o) => o.key));
  await store.deleteMany(keys, {});
  for await (const page of store.listUploads("", {})) {
    for (const upload of page) await store.abortUpload(upload.key, upload.uploadId, {});
  }
  await store.destroyContainer({});
}

/**
 * Makes a fresh fixture for the current test: a new container name, an adapter from the factory, the
 * container created (unless `create` is false), and the clean-up registered with `onTestFinished`
 * (empty and destroy the container through a fresh adapter, close every adapter). Clean-up failures are
 * logged, not raised: the test has already said what it found.
 */
export async function useObjectStoreFixture(
  options: ObjectStoreSuiteOptions,
  { create = true } = {},
): Promise<ObjectStoreFixture> {
  const make = await loadFactory(options.factory);
  const container = freshContainerName();
  const adapters: ObjectStore[] = [];
  const open = async () => {
    const adapter = await make(container);
    adapters.push(adapter);
    return adapter;
  };
  onTestFinished(async () => {
    try {
      const cleaner = await open();
      await removeContainer(cleaner);
    } catch (err) {
      if (!isObjectStoreError(err, "no-container")) {
        console.warn(`object store contract: could not remove container ${container}: ${describeError(err)}`);
      }
    } finally {
      for (const adapter of adapters) adapter.close();
    }
  });
  const store = await open();
  if (create) await store.createContainer({});
  return { store, container, capabilities: store.capabilities, open };
}
