import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { createJobStore } from "@jobstore/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { CONNECTION_STRING, rawService, testAccount } from "./azure-fixture.js";
import { localAzureBackend, uniqueStoreName } from "./backend-fixture.js";

/**
 * A loopback proxy in front of Azurite that drops `If-Match` and `If-None-Match` (a server or proxy that
 * ignores conditions). Shared Key signs those headers, so the store goes through it with a SAS token,
 * whose signature covers the URL only.
 */
async function startStrippingProxy(upstream: URL, strip: boolean) {
  let stripped = 0;
  const server = http.createServer((req, res) => {
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: upstream.host };
    for (const name of ["if-match", "if-none-match"]) {
      if (strip && headers[name] !== undefined) {
        delete headers[name];
        stripped++;
      }
    }
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stripped: () => stripped };
}

function accountSas(): string {
  const key = /AccountKey=([^;]+)/.exec(CONNECTION_STRING ?? "")?.[1] ?? "";
  return generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 3600_000),
      permissions: AccountSASPermissions.parse("rwdlac"),
      resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
      services: AccountSASServices.parse("b").toString(),
    },
    new StorageSharedKeyCredential(testAccount(), key),
  ).toString();
}

describe.skipIf(!CONNECTION_STRING)("azure: a server that ignores conditions", () => {
  for (const strip of [true, false]) {
    it(
      strip
        ? "is refused at initialize with JOBSTORE_NOT_SUPPORTED, leaving no store behind"
        : "the same SAS through a proxy that keeps the headers initializes (the control)",
      async () => {
        const blob = new URL(process.env.AZURE_STORAGE_BLOB_ENDPOINT ?? rawService().url);
        const proxy = await startStrippingProxy(blob, strip);
        const name = uniqueStoreName();
        const through = { env: {}, sasToken: accountSas(), endpoint: `${proxy.endpoint}${blob.pathname}` };
        const store = createJobStore(localAzureBackend(name, through));
        onTestFinished(async () => {
          await createJobStore(localAzureBackend(name)).destroy();
        });
        if (strip) {
          await expect(store.initialize()).rejects.toMatchObject({ code: "JOBSTORE_NOT_SUPPORTED" });
          expect(proxy.stripped()).toBeGreaterThan(0);
          await store.destroy();
          await expect(createJobStore(localAzureBackend(name)).resume()).rejects.toMatchObject({
            code: "JOBSTORE_NO_SUCH_STORE",
          });
        } else {
          await store.initialize();
          await store.close();
          await createJobStore(localAzureBackend(name)).resume();
        }
      },
    );
  }
});
