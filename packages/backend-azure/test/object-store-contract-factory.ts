// The factory describeObjectStore loads (in the test process and in its racing worker processes): the
// Azure adapter on Azurite, credentials from AZURE_STORAGE_CONNECTION_STRING (which workers inherit).
// No vitest here: worker processes import this module.
import type { ObjectStore } from "@jobstore/object-store";
import { createAzureObjectStore } from "../src/index.js";

/** The Azure adapter on `container` of the account the connection string names. */
export function createContractObjectStore(container: string): ObjectStore {
  const account = /AccountName=([^;]+)/.exec(process.env.AZURE_STORAGE_CONNECTION_STRING ?? "")?.[1];
  return createAzureObjectStore({ account: account ?? "devstoreaccount1", container });
}
