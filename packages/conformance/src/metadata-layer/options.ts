import type { MetadataLayer, StorageHooks } from "@jobstore/object-store";

/**
 * One fresh, not yet created store for one test of {@link describeMetadataLayer}: the content storage
 * hooks a backend would hand the layer, and a way to build handles on the store.
 *
 * @example
 * ```ts
 * const target: MetadataLayerTarget = {
 *   storage: containerHooks(objects),
 *   layer: () => createObjectMetadataLayer(objects, { backend: "foo" }),
 * };
 * ```
 * @public
 */
export interface MetadataLayerTarget {
  /** The content layer's part of create and destroy (at least: make and remove the container). */
  storage: StorageHooks;
  /**
   * A new handle on this test's store, neither created nor opened; as another process would build one
   * (its own clients, no state shared with earlier handles). The suite closes every handle it asked for.
   */
  layer(): MetadataLayer | Promise<MetadataLayer>;
  /** Releases what the target built besides the handles (clients, temporary directories), after the test. */
  dispose?(): Promise<void>;
}

/**
 * Options of {@link describeMetadataLayer}. They tune the harness only: sizes (batches, chunks,
 * overlarge jobs) are read from the layer's {@link @jobstore/object-store!MetadataLimits}.
 *
 * @public
 */
export interface MetadataLayerSuiteOptions {
  /** Shown in the report: `metadata layer contract: <name>`. */
  name: string;
  /** A fresh store per test (a new container, domain prefix or directory); called once per test. */
  target(): Promise<MetadataLayerTarget>;
  /** Per-test timeout in ms (default 60 000). */
  testTimeoutMs?: number;
}
