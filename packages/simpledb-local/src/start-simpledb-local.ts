import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientError } from "./internal/client-error.js";
import { RequestHandler } from "./internal/request-handler.js";
import { loadSnapshot, saveSnapshot } from "./internal/snapshot.js";
import { Store } from "./internal/store.js";
import { serverTimeouts } from "./internal/timeouts.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { SimpleDbLocalOptions, SimpleDbLocalServer } from "./options.js";

/**
 * Starts an in-memory SimpleDB-compatible HTTP server (API version 2009-04-15).
 *
 * @remarks All ten data-plane actions are implemented with AWS's error codes, limits, paging,
 * conditional writes and Select grammar. Requests are handled one at a time on the event loop,
 * so conditional writes are atomic. Use port 0 in tests and read the bound port from the handle.
 * @param options - see {@link SimpleDbLocalOptions}; everything is optional
 * @returns a handle with the endpoint, runtime fault control, request counters and `close()`
 * @throws Error when the port cannot be bound or the snapshot file is unreadable; RangeError for a
 *   timeout that is not a positive number
 * @example
 * ```ts
 * import AWS from "aws-sdk";
 * import { startSimpleDbLocal } from "@jobstore/simpledb-local";
 *
 * const server = await startSimpleDbLocal({ port: 0 });
 * const sdb = new AWS.SimpleDB({ endpoint: server.endpoint, region: "us-east-1",
 *   accessKeyId: "x", secretAccessKey: "y", maxRetries: 0 });
 * await sdb.createDomain({ DomainName: "jobs" }).promise();
 * await server.close();
 * ```
 * @public
 */
export async function startSimpleDbLocal(options: SimpleDbLocalOptions = {}): Promise<SimpleDbLocalServer> {
  const host = options.host ?? "127.0.0.1";
  const store = new Store(Math.max(0, options.consistency?.staleReadMs ?? 0));
  const snapshotFile = options.snapshotFile;
  if (snapshotFile !== undefined) await loadSnapshot(snapshotFile, store);
  const handler = new RequestHandler(store, { ...DEFAULT_LIMITS, ...options.limits }, options);
  const timeouts = serverTimeouts(options.timeouts);
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    handler.handle,
  );
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const save = async () => {
    if (snapshotFile !== undefined) await saveSnapshot(snapshotFile, store);
  };
  let timer: NodeJS.Timeout | undefined;
  if (
    snapshotFile !== undefined &&
    options.snapshotIntervalMs !== undefined &&
    options.snapshotIntervalMs > 0
  ) {
    timer = setInterval(() => void save().catch(() => undefined), options.snapshotIntervalMs);
    timer.unref();
  }
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    port,
    host,
    get faults() {
      return handler.faults;
    },
    setFaults: (faults) => handler.setFaults(faults),
    stats: () => handler.stats(),
    resetStats: () => handler.resetStats(),
    reset: () => store.clear(),
    saveSnapshot: save,
    close: () => {
      closing ??= (async () => {
        if (timer !== undefined) clearInterval(timer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await save();
      })();
      return closing;
    },
  };
}
