import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createObjectMetadataLayer, type MetadataLayer, type ObjectStore } from "@jobstore/object-store";
import type { MetadataLayerTarget } from "../../src/index.js";
import { createFsObjectStore } from "../object-store/fs-object-store.js";

/** Removes every object of the container, then the container. */
async function emptyAndRemove(store: ObjectStore): Promise<void> {
  const keys: string[] = [];
  for await (const page of store.list("", {})) keys.push(...page.map((o) => o.key));
  await store.deleteMany(keys, {});
  await store.destroyContainer({});
}

/**
 * A target for describeMetadataLayer: the object metadata layer over the reference fs adapter, on a
 * fresh directory, with `wrap` applied to every handle (how the broken layers plant their flaws).
 */
export function fsObjectTarget(
  wrap: (layer: MetadataLayer) => MetadataLayer = (l) => l,
): MetadataLayerTarget {
  const root = mkdtempSync(join(tmpdir(), "jobstore-meta-layer-"));
  const container = `c-${randomUUID()}`;
  const objects = () => createFsObjectStore(container, { root });
  return {
    storage: {
      create: (o) => objects().createContainer(o),
      destroy: () =>
        emptyAndRemove(objects()).catch((err: { kind?: string }) => {
          if (err?.kind !== "no-container") throw err;
        }),
    },
    layer: () => wrap(createObjectMetadataLayer(objects(), { backend: "fs", closeObjectStore: true })),
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
}
