import type { MetadataLayer, StorageHooks } from "@jobstore/object-store";
import { onTestFinished } from "vitest";
import type { MetadataLayerSuiteOptions } from "./options.js";

/** What one metadata-layer test works on: a fresh store and handles on it. */
export interface MetadataLayerFixture {
  /** The target's storage hooks. */
  readonly storage: StorageHooks;
  /** A new handle, neither created nor opened; closed after the test. */
  handle(): Promise<MetadataLayer>;
  /** A new handle, opened. */
  opened(): Promise<MetadataLayer>;
}

/**
 * Makes a fresh fixture for the current test and registers its clean-up with `onTestFinished`: destroy
 * through a fresh handle (whatever state the test left), close every handle, dispose of the target.
 * Clean-up failures are logged, not raised: the test has already said what it found.
 */
export async function useMetadataLayerFixture(
  options: MetadataLayerSuiteOptions,
): Promise<MetadataLayerFixture> {
  const target = await options.target();
  const handles: MetadataLayer[] = [];
  const handle = async () => {
    const layer = await target.layer();
    handles.push(layer);
    return layer;
  };
  onTestFinished(async () => {
    try {
      await (await handle()).destroy(target.storage, {});
    } catch (err) {
      console.warn(`metadata layer contract: could not destroy the test's store: ${String(err)}`);
    } finally {
      for (const layer of handles) await layer.close().catch(() => undefined);
      await target.dispose?.();
    }
  });
  return {
    storage: target.storage,
    handle,
    async opened() {
      const layer = await handle();
      await layer.open({});
      return layer;
    },
  };
}

/**
 * A fixture whose store is created (through the first handle, which is returned), as most tests want.
 */
export async function useCreatedStore(
  options: MetadataLayerSuiteOptions,
): Promise<MetadataLayerFixture & { layer: MetadataLayer }> {
  const fixture = await useMetadataLayerFixture(options);
  const layer = await fixture.handle();
  await layer.create(fixture.storage, {});
  return { ...fixture, layer };
}
