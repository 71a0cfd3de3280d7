// The entry of every durability worker process: `node --import tsx worker/main.ts '<WorkerConfig JSON>'`.
// It imports the backend's registering module, opens the store by locator and runs one task.
import { pathToFileURL } from "node:url";
import { type JobStore, openJobStore } from "@jobstore/core";
import type { WorkerConfig } from "../protocol/messages.js";
import { fileRacer, jobReader, jobWriter } from "./race-worker.js";
import { final, loop, seed, verify } from "./store-worker.js";
import { send } from "./worker-io.js";

function moduleUrl(specifier: string): string {
  return specifier.startsWith("file:") || !specifier.startsWith("/")
    ? specifier
    : pathToFileURL(specifier).href;
}

async function main(config: WorkerConfig): Promise<void> {
  if (config.workerModule) await import(moduleUrl(config.workerModule));
  const open = () => openJobStore(config.locator, config.openOptions);
  const store: JobStore = await open();
  const { task } = config;
  try {
    if (task.mode === "seed") return await seed(store, task);
    await store.resume();
    switch (task.mode) {
      case "loop":
        return await loop(store, task);
      case "verify":
        return await verify(store, task);
      case "final":
        return await final(store, task, open);
      case "file-racer":
        return await fileRacer(store, task);
      case "job-writer":
        return await jobWriter(store, task);
      case "job-reader":
        return await jobReader(store, task);
    }
  } finally {
    await store.close().catch(() => {});
  }
}

main(JSON.parse(process.argv[2] ?? "{}") as WorkerConfig).then(
  () => process.exit(0),
  async (err: unknown) => {
    const e = err as { code?: unknown; stack?: unknown } | undefined;
    await send({
      type: "fatal",
      error: `${String(e?.code ?? "")} ${String(e?.stack ?? err)}`.slice(0, 2000),
    }).catch(() => {});
    process.exit(1);
  },
);
