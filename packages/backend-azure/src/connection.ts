import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import {
  AnonymousCredential,
  BlobServiceClient,
  newPipeline,
  type StorageRetryOptions,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { JobStoreError } from "@jobstore/core";

/**
 * How the Azure adapter finds its account and credentials. Explicit values win over the environment;
 * in the environment the order is the one Azure's own tools use.
 *
 * @public
 */
export interface AzureCredentialOptions {
  /** A storage connection string (default `AZURE_STORAGE_CONNECTION_STRING`); its account must be the locator's. */
  connectionString?: string | undefined;
  /** The account key (default `AZURE_STORAGE_KEY`, used when `AZURE_STORAGE_ACCOUNT` is the locator's account). */
  accountKey?: string | undefined;
  /** An account or service SAS token (default `AZURE_STORAGE_SAS_TOKEN`, same condition as the key). */
  sasToken?: string | undefined;
  /** A Microsoft Entra credential; default `DefaultAzureCredential` when no key, SAS or connection string is given. */
  credential?: TokenCredential | undefined;
  /**
   * The blob service endpoint, e.g. Azurite's `http://127.0.0.1:10000/devstoreaccount1` (default
   * `AZURE_STORAGE_BLOB_ENDPOINT`, else the connection string's `BlobEndpoint`, else
   * `https://<account>.blob.core.windows.net`).
   */
  endpoint?: string | undefined;
  /** Where the `AZURE_STORAGE_*` variables are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** The clients and credential of one account, and a description of where they came from (no secrets). */
export interface AzureConnection {
  account: string;
  /** The blob service URL without any SAS query, for messages. */
  endpoint: string;
  /** Where the credential came from, for messages: e.g. `AZURE_STORAGE_CONNECTION_STRING`. */
  source: string;
  sharedKey: StorageSharedKeyCredential | undefined;
  token: TokenCredential | undefined;
  /** The SDK's retry policy: reads, lists, deletes, staged blocks (all idempotent). */
  service: BlobServiceClient;
  /** No SDK retry: conditional writes, which the adapter retries itself to know when an answer is uncertain. */
  writes: BlobServiceClient;
}

function unusable(what: string, cause?: unknown): JobStoreError {
  return new JobStoreError("JOBSTORE_UNAVAILABLE", `azure: ${what}`, { cause, retryable: false });
}

function connectionStringAccount(cs: string): string | undefined {
  return /(?:^|;)\s*AccountName=([^;]+)/i.exec(cs)?.[1]?.trim();
}

function accountOfUrl(url: string): string | undefined {
  const u = new URL(url);
  const host = /^([a-z0-9]+)\.blob\./.exec(u.hostname)?.[1];
  return host ?? u.pathname.split("/")[1];
}

type Credential = StorageSharedKeyCredential | AnonymousCredential | TokenCredential;

function fromConnectionString(cs: string, account: string, endpoint: string | undefined) {
  let parsed: BlobServiceClient;
  try {
    parsed = BlobServiceClient.fromConnectionString(cs);
  } catch (err) {
    throw unusable("AZURE_STORAGE_CONNECTION_STRING is not a storage connection string", err);
  }
  const url = new URL(endpoint ?? parsed.url);
  const sas = url.search;
  url.search = "";
  const named = connectionStringAccount(cs) ?? accountOfUrl(parsed.url);
  if (named !== account) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `the locator names storage account "${account}" but the connection string is for "${named}"`,
    );
  }
  const credential = parsed.credential as Credential;
  return { url: url.toString().replace(/\/$/, ""), sas, credential };
}

/**
 * Resolves the account's endpoint and credential: connection string, else account key or SAS token of
 * `AZURE_STORAGE_ACCOUNT`, else a Microsoft Entra credential (`DefaultAzureCredential` by default).
 * No I/O: a credential that does not work is found by the first request.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when the credentials are for another
 * account; `JOBSTORE_UNAVAILABLE` (not retryable) for a connection string that does not parse.
 */
export function resolveConnection(
  account: string,
  options: AzureCredentialOptions,
  retry: StorageRetryOptions,
): AzureConnection {
  const env = options.env ?? process.env;
  const endpointOverride = options.endpoint ?? env.AZURE_STORAGE_BLOB_ENDPOINT;
  const cs = options.connectionString ?? env.AZURE_STORAGE_CONNECTION_STRING;
  const envAccount = env.AZURE_STORAGE_ACCOUNT;
  const explicit = options.credential ?? options.accountKey ?? options.sasToken ?? cs;
  if (envAccount !== undefined && envAccount !== account && !explicit) {
    if (env.AZURE_STORAGE_KEY || env.AZURE_STORAGE_SAS_TOKEN) {
      throw new JobStoreError(
        "JOBSTORE_INVALID_LOCATOR",
        `the locator names storage account "${account}" but AZURE_STORAGE_ACCOUNT is "${envAccount}"`,
      );
    }
  }
  const key = options.accountKey ?? (envAccount === account ? env.AZURE_STORAGE_KEY : undefined);
  const sasToken = options.sasToken ?? (envAccount === account ? env.AZURE_STORAGE_SAS_TOKEN : undefined);
  let url = (endpointOverride ?? `https://${account}.blob.core.windows.net`).replace(/\/$/, "");
  let sas = "";
  let credential: Credential;
  let source: string;
  if (options.credential) {
    credential = options.credential;
    source = "the given Microsoft Entra credential";
  } else if (cs !== undefined && cs !== "") {
    ({ url, sas, credential } = fromConnectionString(cs, account, endpointOverride));
    source = options.connectionString ? "the given connection string" : "AZURE_STORAGE_CONNECTION_STRING";
  } else if (key) {
    try {
      credential = new StorageSharedKeyCredential(account, key);
    } catch (err) {
      throw unusable("AZURE_STORAGE_KEY is not a base64 account key", err);
    }
    source = options.accountKey ? "the given account key" : "AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY";
  } else if (sasToken) {
    credential = new AnonymousCredential();
    sas = sasToken.startsWith("?") ? sasToken : `?${sasToken}`;
    source = options.sasToken ? "the given SAS token" : "AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_SAS_TOKEN";
  } else {
    credential = new DefaultAzureCredential();
    source =
      "DefaultAzureCredential (no AZURE_STORAGE_CONNECTION_STRING, and no AZURE_STORAGE_KEY or " +
      `AZURE_STORAGE_SAS_TOKEN for AZURE_STORAGE_ACCOUNT=${account})`;
  }
  const client = (maxTries: number) =>
    new BlobServiceClient(`${url}${sas}`, newPipeline(credential, { retryOptions: { ...retry, maxTries } }));
  return {
    account,
    endpoint: url,
    source,
    sharedKey: credential instanceof StorageSharedKeyCredential ? credential : undefined,
    token: "getToken" in credential ? credential : undefined,
    service: client(retry.maxTries ?? 4),
    writes: client(1),
  };
}
