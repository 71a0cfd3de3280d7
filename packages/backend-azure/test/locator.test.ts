import { thrownCode } from "@jobstore/conformance/test-utils";
import { isJobStoreError } from "@jobstore/core";
import { isObjectStoreError } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { createAzureObjectStore, parseAzureLocator } from "../src/index.js";
import { DEAD_ENDPOINT } from "./fake-azure.js";

const KEY = Buffer.alloc(64, 1).toString("base64");
const cs = (account: string) =>
  `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${KEY};BlobEndpoint=${DEAD_ENDPOINT};`;

describe("azure locator", () => {
  it("splits <account>:<name> into the account and the container", () => {
    expect(parseAzureLocator("devstoreaccount1:my-run-2")).toEqual({
      account: "devstoreaccount1",
      container: "my-run-2",
    });
  });

  it.each([
    ["no name", "devstoreaccount1"],
    ["an extra part", "devstoreaccount1:a-run:x"],
    ["an empty account", ":my-run"],
    ["an account with capitals", "DevStore:my-run"],
    ["an account of 25 characters", `${"a".repeat(25)}:my-run`],
    ["a container of 2 characters", "devstoreaccount1:ab"],
    ["a container of 64 characters", `devstoreaccount1:${"a".repeat(64)}`],
    ["a container with capitals", "devstoreaccount1:My-Run"],
    ["a container with an underscore", "devstoreaccount1:my_run"],
    ["a container with two hyphens in a row", "devstoreaccount1:my--run"],
    ["a container starting with a hyphen", "devstoreaccount1:-run"],
    ["a container ending with a hyphen", "devstoreaccount1:run-"],
  ])("refuses %s with JOBSTORE_INVALID_LOCATOR naming it", (_, rest) => {
    expect(thrownCode(() => parseAzureLocator(rest))).toBe("JOBSTORE_INVALID_LOCATOR");
    try {
      parseAzureLocator(rest);
    } catch (err) {
      expect((err as Error).message).toContain(rest);
    }
  });

  it("accepts the longest and shortest container names Azure allows", () => {
    expect(parseAzureLocator(`acc:${"a".repeat(63)}`).container).toHaveLength(63);
    expect(parseAzureLocator("acc:a-b").container).toBe("a-b");
  });
});

describe("azure credentials", () => {
  it("refuses a connection string of another account than the locator's, before any I/O", () => {
    const make = () =>
      createAzureObjectStore({
        account: "otheraccount",
        container: "c-1",
        env: {},
        connectionString: cs("devstoreaccount1"),
      });
    expect(thrownCode(make)).toBe("JOBSTORE_INVALID_LOCATOR");
  });

  it("refuses AZURE_STORAGE_ACCOUNT with a key for another account, naming both accounts", () => {
    const env = { AZURE_STORAGE_ACCOUNT: "someoneelse", AZURE_STORAGE_KEY: KEY };
    const make = () => createAzureObjectStore({ account: "mine", container: "c-1", env });
    expect(thrownCode(make)).toBe("JOBSTORE_INVALID_LOCATOR");
    expect(() => make()).toThrow(/"mine".*"someoneelse"/);
  });

  it("reports a connection string that does not parse as a non-retryable error naming the variable", () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: "this is not one" };
    const make = () => createAzureObjectStore({ account: "devstoreaccount1", container: "c-1", env });
    expect(thrownCode(make)).toBe("JOBSTORE_UNAVAILABLE");
    try {
      make();
    } catch (err) {
      expect(isJobStoreError(err) && err.retryable).toBe(false);
      expect((err as Error).message).toContain("AZURE_STORAGE_CONNECTION_STRING");
      expect((err as Error).message).not.toContain("this is not one");
    }
  });

  it("refuses a container name Azure would refuse, before any I/O", () => {
    const make = () =>
      createAzureObjectStore({ account: "devstoreaccount1", container: "Bad_Name", env: {} });
    expect(thrownCode(make)).toBe("JOBSTORE_INVALID_LOCATOR");
  });

  it("describes where the container lives without the secret", async () => {
    const store = createAzureObjectStore({
      account: "devstoreaccount1",
      container: "c-1",
      env: { AZURE_STORAGE_CONNECTION_STRING: cs("devstoreaccount1") },
    });
    expect(await store.describe()).toBe(`container c-1 at ${DEAD_ENDPOINT}`);
    expect(await store.describe()).not.toContain(KEY);
  });

  it("signs a read-only URL with an account key without any request", async () => {
    const env = {
      AZURE_STORAGE_ACCOUNT: "devstoreaccount1",
      AZURE_STORAGE_KEY: KEY,
      AZURE_STORAGE_BLOB_ENDPOINT: DEAD_ENDPOINT,
    };
    const store = createAzureObjectStore({ account: "devstoreaccount1", container: "c-1", env });
    const url = new URL(await store.presignRead("a/b c", 3600));
    expect(url.pathname).toBe("/devstoreaccount1/c-1/a/b%20c");
    expect(url.searchParams.get("sp")).toBe("r");
    expect(url.searchParams.get("sig")).toBeTruthy();
    const lifetime = Date.parse(url.searchParams.get("se") ?? "") - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
  });

  it("refuses to hand out a URL when the only credential is a SAS token", async () => {
    const env = {
      AZURE_STORAGE_ACCOUNT: "devstoreaccount1",
      AZURE_STORAGE_SAS_TOKEN: "sv=2024&sig=abc",
      AZURE_STORAGE_BLOB_ENDPOINT: DEAD_ENDPOINT,
    };
    const store = createAzureObjectStore({ account: "devstoreaccount1", container: "c-1", env });
    const err = await store.presignRead("k", 60).catch((e: unknown) => e);
    expect(isObjectStoreError(err, "unsupported")).toBe(true);
  });
});

describe("azure list page size", () => {
  const open = (listPageSize?: number) =>
    createAzureObjectStore({ account: "acct", container: "c-1", connectionString: cs("acct"), listPageSize });

  it("declares Azure's 5000 by default and a smaller page size when asked for one", () => {
    expect(open().capabilities.listPageSize).toBe(5000);
    expect(open(500).capabilities.listPageSize).toBe(500);
  });

  it("refuses a page size Azure would not honour, before any I/O, naming it", () => {
    for (const bad of [0, 5001, 2.5]) expect(() => open(bad)).toThrow(new RegExp(`got ${bad}`));
  });
});
