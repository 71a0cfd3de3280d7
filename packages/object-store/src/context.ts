import type { ContentLayer } from "./content/content-layer.js";
import type { MetadataLayer } from "./metadata/metadata-layer.js";

/**
 * The two layers a backend is made of, each a plain object built once.
 *
 * @public
 */
export interface BackendLayers {
  /** Content objects in the object store. */
  content: ContentLayer;
  /** Registry, jobs and records. */
  metadata: MetadataLayer;
}

/**
 * The per-store context every section gets: the layers, the backend's name (for its errors) and the
 * leftover age `findLeftovers` uses.
 *
 * @internal
 */
export interface StoreContext extends BackendLayers {
  /** The backend's name, e.g. `"s3"`. */
  readonly name: string;
  /** The age from which `findLeftovers` reports uploads and unreferenced objects (default one hour). */
  readonly leftoverAgeMs?: number | undefined;
}
