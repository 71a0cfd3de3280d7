import type { ContentLayer } from "../content/content-layer.js";
import type { MetadataLayer } from "../metadata/metadata-layer.js";

/**
 * The two layers a backend is made of, each a plain object built once.
 *
 * @public
 */
export interface BackendLayers {
  /** Content objects in S3. */
  content: ContentLayer;
  /** Registry, jobs and records. */
  metadata: MetadataLayer;
}

/**
 * The layers and the backend's name (for its errors), as the method factories get them.
 *
 * @internal
 */
export interface NamedLayers extends BackendLayers {
  /** The backend's name, e.g. `"s3"`. */
  readonly name: string;
}
