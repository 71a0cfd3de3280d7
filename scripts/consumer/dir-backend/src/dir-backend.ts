// A third-party backend as an adapter author would write one against the published packages: an
// ObjectStore adapter (here the directory-backed reference adapter of @jobstore/conformance's self-test,
// copied in by the consumer check), the generic backend over it, and its own scheme.
import { basename, dirname, resolve } from "node:path";
import { registerBackend } from "@jobstore/core";
import { createObjectStoreBackend } from "@jobstore/object-store";
import { createFsObjectStore } from "./fs-object-store.js";

/** `dir:<path>`: the container is the path's last segment, in the directory above it. */
export function createDirBackend(path: string) {
  const at = resolve(path);
  const objects = createFsObjectStore(basename(at), { root: dirname(at) });
  // 1 MiB parts (the default is 50 MiB): the suite's streams of 1 and 2.33 parts stay small on a local disk.
  return createObjectStoreBackend(objects, { name: "dir", partSize: 1024 * 1024 });
}

registerBackend("dir", (rest) => createDirBackend(rest));
