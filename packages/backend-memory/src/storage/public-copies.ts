import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { writeLocalFileAtomically } from "@jobstore/core";
import type { StoreState } from "./store-registry.js";

/** The per-process root of every public URL copy (see docs/decisions.md, "memory public URLs"). */
export function publicRoot(): string {
  return join(tmpdir(), `jobstore-memory-${process.pid}`);
}

let exitHookInstalled = false;

// Copies must not outlive the process that owns the store: the store itself dies with it.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    rmSync(publicRoot(), { recursive: true, force: true });
  });
}

/**
 * Copies content to a fresh temp file and returns its `file:` URL. Each call makes a new copy, so a URL
 * handed out keeps serving the bytes it was made for even after the file is updated.
 */
export async function publishCopy(
  store: StoreState,
  content: Readable,
  basename: string | undefined,
): Promise<string> {
  if (!store.publicDir) {
    store.publicDir = join(publicRoot(), `${store.name}-${store.incarnation}`);
  }
  installExitHook();
  const dir = join(store.publicDir, randomUUID());
  await mkdir(dir, { recursive: true });
  const path = join(dir, basename ?? "content");
  await writeLocalFileAtomically(path, content, false);
  return pathToFileURL(path).href;
}

/** Removes every copy made for a store (its destroy). */
export async function removeCopies(store: StoreState): Promise<void> {
  if (store.publicDir) await rm(store.publicDir, { recursive: true, force: true });
}
