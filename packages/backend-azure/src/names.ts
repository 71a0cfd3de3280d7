import { JobStoreError } from "@jobstore/core";

// Azure's rules: https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
/** A storage account name: 3-24 lowercase letters and digits. */
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** A container name: 3-63 lowercase letters, digits and single hyphens, starting and ending alphanumeric. */
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/**
 * The parts of an `azure:<account>:<name>` locator.
 *
 * @public
 */
export interface AzureLocator {
  /** The storage account. */
  account: string;
  /** The container, named `<name>` itself. */
  container: string;
}

function invalid(rest: string, why: string): JobStoreError {
  return new JobStoreError("JOBSTORE_INVALID_LOCATOR", `invalid azure locator "azure:${rest}": ${why}`);
}

/**
 * Splits and checks the rest of an `azure:` locator, `<account>:<name>`, under Azure's naming rules, before
 * any I/O: the container is `<name>` itself, so a name Azure would refuse is refused here.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` naming the part Azure would refuse.
 * @example
 * ```ts
 * parseAzureLocator("devstoreaccount1:my-run"); // { account: "devstoreaccount1", container: "my-run" }
 * ```
 * @public
 */
export function parseAzureLocator(rest: string): AzureLocator {
  const [account, container, ...extra] = rest.split(":");
  if (account === undefined || container === undefined || extra.length > 0) {
    throw invalid(rest, "expected azure:<account>:<name>");
  }
  if (!ACCOUNT_NAME.test(account)) {
    throw invalid(rest, `storage account "${account}" must be 3-24 lowercase letters and digits`);
  }
  checkContainerName(container, rest);
  return { account, container };
}

/**
 * Checks a container name under Azure's rules.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` naming `container`.
 * @example
 * ```ts
 * checkContainerName("my-run"); // fine; "My_Run" or "a--b" throw
 * ```
 * @public
 */
export function checkContainerName(container: string, rest = `<account>:${container}`): void {
  if (!CONTAINER_NAME.test(container)) {
    throw invalid(
      rest,
      `container name "${container}" must be 3-63 lowercase letters, digits and single hyphens, ` +
        "starting and ending with a letter or digit",
    );
  }
}
