// A third-party backend as a user would write one: its own scheme, registered on import, built from an
// existing backend's parts (here the memory backend under another name).

import { createMemoryBackend } from "@jobstore/backend-memory";
import { registerBackend } from "@jobstore/core";

export function createTinyBackend(name) {
  return { ...createMemoryBackend({ name: `tiny-${name}` }), name: "tiny" };
}

registerBackend("tiny", (rest) => createTinyBackend(rest));
