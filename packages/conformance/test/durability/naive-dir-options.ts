import { readdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DurabilityFaultOptions, DurabilityOptions } from "../../src/index.js";
import { startFaultProxy } from "../../src/index.js";
import type { NaiveMutant } from "./naive-dir-backend.js";

const backendModule = fileURLToPath(new URL("./naive-dir-backend.ts", import.meta.url));

/** The files under `path` (directories are not content: an empty root left behind is not a leak). */
async function listFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [];
  const found: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) found.push(...(await listFiles(join(path, e.name))));
    else found.push(join(path, e.name));
  }
  return found;
}

/**
 * The naive backend's "server" (it answers every ping with "pong") behind a fault proxy: the workers get
 * the proxy's endpoint and the server's own, which only the ignore-proxy mutant uses.
 */
export const naiveDirFaults: DurabilityFaultOptions = {
  async setup() {
    const server = createServer((_req, res) => res.end("pong"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Each call makes about four chunks: at 0.1 per chunk, 60 calls without a fault are out of reach.
    const proxy = await startFaultProxy({ upstream, rate: 0.1, delayMs: [50, 500] });
    return {
      env: { JOBSTORE_NAIVE_ENDPOINT: proxy.endpoint, JOBSTORE_NAIVE_UPSTREAM: upstream },
      enable: () => proxy.enable(),
      disable: () => proxy.disable(),
      injected: () => proxy.injected(),
      connections: () => proxy.connections(),
      async teardown() {
        await proxy.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
  callTimeoutMs: 30_000,
};

/** Durability options for the naive directory backend with one mutation (or none: `"correct"`). */
export function naiveDirOptions(
  mutant: NaiveMutant,
  overrides: Partial<DurabilityOptions> = {},
): DurabilityOptions {
  return {
    name: `naivedir ${mutant}`,
    workerModule: backendModule,
    locator: ({ tempDir }) => `naivedir:${mutant}:${join(tempDir, "store")}`,
    residue: (locator) => listFiles(locator.slice(`naivedir:${mutant}:`.length)),
    ...overrides,
  };
}
