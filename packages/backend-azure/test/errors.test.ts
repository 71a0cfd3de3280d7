import { isObjectStoreError } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { classifyAzureError } from "../src/classify-error.js";
import { createAzureObjectStore } from "../src/index.js";
import { CONNECTION_STRING, freshStore, testAccount } from "./azure-fixture.js";
import { DEAD_ENDPOINT, FAST_RETRY, fakeAccountStore, startFakeServer } from "./fake-azure.js";

/** A fake server that answers every request with `status` and the Azure error `code`; counts requests. */
async function answering(status: number, code: string) {
  const seen = { requests: 0 };
  const endpoint = await startFakeServer((req, res) => {
    seen.requests++;
    req.resume();
    res.writeHead(status, { "x-ms-error-code": code, "content-type": "application/xml" });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>test</Message></Error>`,
    );
  });
  return { store: fakeAccountStore(endpoint, FAST_RETRY), seen };
}

describe("azure errors: classified once", () => {
  it("reports a lost condition after a retried write as uncertain: the first attempt may have been applied", async () => {
    const seen = { requests: 0 };
    const endpoint = await startFakeServer((req, res) => {
      req.resume();
      // The first write's reply is lost (the connection drops); the retry finds the key taken.
      if (++seen.requests === 1) return void req.socket.destroy();
      res.writeHead(409, { "x-ms-error-code": "BlobAlreadyExists" });
      res.end();
    });
    const store = fakeAccountStore(endpoint, FAST_RETRY);
    const outcome = await store.put("k", Buffer.from("x"), { ifNoneMatch: "*" }, {});
    expect(outcome).toEqual({ written: false, lost: "exists", uncertain: true });
    expect(seen.requests).toBe(2);
  });

  it.each([
    [503, "ServerBusy", "transient"],
    [500, "OperationTimedOut", "transient"],
    [403, "AuthenticationFailed", "auth"],
    [400, "InvalidResourceName", "invalid"],
    [404, "ContainerNotFound", "no-container"],
  ])("classifies %i %s as %s, after the retry policy for throttling", async (status, code, kind) => {
    const { store, seen } = await answering(status, code);
    // A read, not a head: head answers "absent" for a missing container, as the ObjectStore contract says.
    const err = await store.get("k", {}).catch((e: unknown) => e);
    expect(isObjectStoreError(err, kind as "transient")).toBe(true);
    expect((err as { status?: number }).status).toBe(status);
    expect(seen.requests).toBe(kind === "transient" ? FAST_RETRY.maxTries : 1);
  });

  it("retries a conditional write on throttling by itself and reports it transient when it gives up", async () => {
    const { store, seen } = await answering(503, "ServerBusy");
    const err = await store.put("k", Buffer.from("x"), { ifNoneMatch: "*" }, {}).catch((e: unknown) => e);
    expect(isObjectStoreError(err, "transient")).toBe(true);
    expect(seen.requests).toBe(FAST_RETRY.maxTries);
  });

  it("classifies a refused connection as transient", async () => {
    const store = fakeAccountStore(DEAD_ENDPOINT, FAST_RETRY);
    await expect(store.get("k", {})).rejects.toMatchObject({ name: "ObjectStoreError", kind: "transient" });
  });

  it("classifies an aborted call as aborted, whatever the server would say", async () => {
    const { store } = await answering(503, "ServerBusy");
    const err = await store.get("k", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isObjectStoreError(err, "aborted")).toBe(true);
    const controller = new AbortController();
    const pending = store.put("k", Buffer.from("x"), undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ kind: "aborted" });
  });
});

describe("azure errors: an abort nobody asked for", () => {
  it("classifies an AbortError of the HTTP layer as transient when the caller's signal did not fire", () => {
    const torn = Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
    expect(classifyAzureError(torn, "read k").kind).toBe("transient");
    expect(classifyAzureError(torn, "read k", new AbortController().signal).kind).toBe("transient");
    expect(classifyAzureError(torn, "read k", AbortSignal.abort()).kind).toBe("aborted");
  });
});

describe.skipIf(!CONNECTION_STRING)("azure errors against Azurite", () => {
  it("classifies a wrong account key as auth, naming where the credential came from", async () => {
    const wrong = (CONNECTION_STRING as string).replace(
      /AccountKey=[^;]+/,
      `AccountKey=${Buffer.alloc(64, 9).toString("base64")}`,
    );
    const store = createAzureObjectStore({
      account: testAccount(),
      container: "c-1",
      env: {},
      connectionString: wrong,
    });
    const err = await store.head("k", {}).catch((e: unknown) => e);
    expect(isObjectStoreError(err, "auth")).toBe(true);
    expect((err as Error).message).toContain("the given connection string");
  });

  it("classifies a range past the end as invalid", async () => {
    const store = await freshStore();
    await store.put("k", Buffer.from("abc"), undefined, {});
    await expect(store.get("k", { range: { start: 10, end: 20 } })).rejects.toMatchObject({
      kind: "invalid",
    });
  });
});
