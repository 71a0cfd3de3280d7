// The factory describeObjectStore loads (in the test process and in its racing worker processes): the
// Azure adapter on Azurite, credentials from AZURE_STORAGE_CONNECTION_STRING (which workers inherit).
// No vitest here: worker processes import this module.
import type { ObjectStore } from "@jobstore/object-store";
import { createAzureObjectStore } from "../src/index.js";

/**
 * Pages of 500 blobs: the pagination check writes listPageSize + 1 blobs, and 5001 of them (Azure's own
 * page size) take minutes to write and remove on Azurite. The paging code is the same for any size.
 */
const LIST_PAGE_SIZE = 500;

/** The Azure adapter on `container` of the account the connection string names, listing in pages of 500. */
export function createContractObjectStore(container: string): ObjectStore {
  const account = /AccountName=([^;]+)/.exec(process.env.AZURE_STORAGE_CONNECTION_STRING ?? "")?.[1];
  return createAzureObjectStore({
    account: account ?? "devstoreaccount1",
    container,
    listPageSize: LIST_PAGE_SIZE,
  });
}
