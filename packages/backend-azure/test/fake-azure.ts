import { once } from "node:events";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import type { ObjectStore } from "@jobstore/object-store";
import { onTestFinished } from "vitest";
import { type AzureObjectStoreOptions, createAzureObjectStore } from "../src/index.js";

/** An endpoint on a port nothing listens on: any request fails, so a test that passes made none. */
export const DEAD_ENDPOINT = "http://127.0.0.1:9/devstoreaccount1";

/** Retries short enough that a test of the retry policy takes milliseconds. */
export const FAST_RETRY = { maxTries: 2, retryDelayMs: 10, maxRetryDelayMs: 20 };

/**
 * An adapter on container `c-1` of account devstoreaccount1, with a made-up key, that sends its requests
 * to `endpoint`: a fake server of {@link startFakeServer}, or {@link DEAD_ENDPOINT}.
 */
export function fakeAccountStore(endpoint: string, retry?: AzureObjectStoreOptions["retry"]): ObjectStore {
  const env = {
    AZURE_STORAGE_ACCOUNT: "devstoreaccount1",
    AZURE_STORAGE_KEY: Buffer.alloc(64).toString("base64"),
  };
  return createAzureObjectStore({ account: "devstoreaccount1", container: "c-1", env, endpoint, retry });
}

/**
 * Starts a loopback HTTP server answering with `handler`, closed (its connections too) when the test
 * ends; resolves with its blob endpoint for account devstoreaccount1.
 */
export async function startFakeServer(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/devstoreaccount1`;
}
