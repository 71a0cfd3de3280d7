import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore, type JobStore, type JobStoreCapabilities } from "@jobstore/core";
import type { ExpectStatic } from "vitest";
import type { ConformanceOptions } from "../options.js";
import { emptyModel } from "./reference-model.js";
import type { HandleName, ModelWorld, RealWorld } from "./world.js";

/**
 * One property run's world: a fresh store with two open handles, its model, and a way to remove both.
 *
 * @public
 */
export interface ModelRunWorld {
  /** The model, starting empty. */
  readonly model: ModelWorld;
  /** The handles and helpers the commands run against. */
  readonly real: RealWorld;
  /** Closes the handles, destroys the store and removes the temp dir; never throws. */
  dispose(): Promise<void>;
}

/**
 * Reads the backend's capabilities from a fresh store (never from options).
 *
 * @example
 * ```ts
 * const capabilities = await probeCapabilities(options);
 * ```
 * @public
 */
export async function probeCapabilities(options: ConformanceOptions): Promise<JobStoreCapabilities> {
  const store = await options.setup();
  try {
    const backend = await store.open();
    const capabilities = backend.capabilities;
    await backend.close?.();
    return capabilities;
  } finally {
    await store.teardown?.();
  }
}

/**
 * Sets up a fresh store for one property run: handle `a` initialises it, handle `b` resumes it.
 *
 * @throws {@link @jobstore/core!JobStoreError} whatever `initialize`/`resume` reject with (the run then fails).
 * @example
 * ```ts
 * const world = await openModelWorld(options, expect);
 * try { await fc.asyncModelRun(() => world, cmds); } finally { await world.dispose(); }
 * ```
 * @public
 */
export async function openModelWorld(
  options: ConformanceOptions,
  expect: ExpectStatic,
): Promise<ModelRunWorld> {
  const store = await options.setup();
  const tempDir = await mkdtemp(join(tmpdir(), "jobstore-model-"));
  const opened: JobStore[] = [];
  const openHandle = async (): Promise<JobStore> => {
    const handle = createJobStore(await store.open());
    opened.push(handle);
    return handle;
  };
  const dispose = async () => {
    await opened[0]?.destroy().catch(() => {});
    for (const handle of opened) await handle.close().catch(() => {});
    await Promise.resolve(store.teardown?.()).catch(() => {});
    await rm(tempDir, { recursive: true, force: true });
  };
  try {
    const a = await openHandle();
    await a.initialize({ conformance: "model-based properties", nested: { ok: true } });
    const b = await openHandle();
    await b.resume();
    const handles: Record<HandleName, JobStore> = { a, b };
    const real: RealWorld = {
      handles,
      tempDir,
      capabilities: a.capabilities,
      expect,
      async reopen(name) {
        await handles[name].close();
        const fresh = await openHandle();
        await fresh.resume();
        handles[name] = fresh;
      },
    };
    return { model: { state: emptyModel(), config: structuredClone(a.config) }, real, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
