import { randomBytes } from "node:crypto";
import { type AzureBackendOptions, createAzureBackend } from "../src/index.js";
import { testAccount } from "./azure-fixture.js";

/** A 32-byte key for the encrypted runs. */
export const TEST_KEY = Buffer.alloc(32, 0x5a);

/** A store name (container) no other test uses. */
export function uniqueStoreName(): string {
  return `js-${randomBytes(6).toString("hex")}`;
}

/** An `azure:` backend on container `name` of the Azurite account, credentials from the environment. */
export function localAzureBackend(name: string, overrides: Partial<AzureBackendOptions> = {}) {
  return createAzureBackend({ account: testAccount(), container: name, ...overrides });
}
