import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createObjectContentLayer,
  createObjectMetadataLayer,
  type MetadataLayer,
} from "@jobstore/object-store";
import type { MetadataLayerTarget } from "../../src/index.js";
import { createFsObjectStore } from "../object-store/fs-object-store.js";

/**
 * A target for describeMetadataLayer: the object metadata layer over the reference fs adapter, on a
 * fresh directory, with the content layer's own create and destroy, and `wrap` applied to every handle
 * (how the broken layers plant their flaws).
 */
export function fsObjectTarget(
  wrap: (layer: MetadataLayer) => MetadataLayer = (l) => l,
): MetadataLayerTarget {
  const root = mkdtempSync(join(tmpdir(), "jobstore-meta-layer-"));
  const container = `c-${randomUUID()}`;
  const objects = () => createFsObjectStore(container, { root });
  const content = createObjectContentLayer(objects(), { backend: "fs" });
  return {
    storage: content.storage,
    layer: () => wrap(createObjectMetadataLayer(objects(), { backend: "fs", closeObjectStore: true })),
    async dispose() {
      content.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
