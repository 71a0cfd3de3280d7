import { randomBytes } from "node:crypto";
import { BlobServiceClient } from "@azure/storage-blob";
import type { ObjectStore } from "@jobstore/object-store";
import { afterEach } from "vitest";
import { type AzureObjectStoreOptions, createAzureObjectStore } from "../src/index.js";

/** The connection string of the Azure under test (Azurite from scripts/local-azure), if any. */
export const CONNECTION_STRING = process.env.AZURE_STORAGE_CONNECTION_STRING;

/** Why the Azure integration tests skip, printed once. */
export const SKIP_REASON =
  "AZURE_STORAGE_CONNECTION_STRING is unset: start Azurite with `scripts/local-azure start` and " +
  "`source .local-azure/env` to run the Azure integration tests";

if (!CONNECTION_STRING) console.warn(`backend-azure: ${SKIP_REASON}`);

/** The account the connection string is for. */
export function testAccount(): string {
  return /AccountName=([^;]+)/.exec(CONNECTION_STRING ?? "")?.[1] ?? "devstoreaccount1";
}

/** A container name no other test uses. */
export function freshContainerName(): string {
  return `t-${randomBytes(6).toString("hex")}`;
}

/** A raw SDK client on the same Azurite, to look behind the adapter's back. */
export function rawService(): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(CONNECTION_STRING as string);
}

const created: string[] = [];
afterEach(async () => {
  if (created.length === 0) return;
  const service = rawService();
  for (const name of created.splice(0)) await service.getContainerClient(name).deleteIfExists();
});

/** An adapter on a fresh container (created), removed after the test. */
export async function freshStore(extra: Partial<AzureObjectStoreOptions> = {}): Promise<ObjectStore> {
  const container = freshContainerName();
  const store = createAzureObjectStore({ account: testAccount(), container, ...extra });
  created.push(container);
  await store.createContainer({});
  return store;
}
