/**
 * An HTTP proxy in front of Azurite that counts the Blob service requests passing through it, by kind
 * (`PUT Block`, `GET List`, `POST Batch`, ...): the `azure:` column of the request table. A proxy rather
 * than an SDK pipeline policy so that every client (the adapter's retrying and non-retrying ones alike)
 * is counted the same way, per HTTP attempt.
 */
import { once } from "node:events";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestCounter } from "./counting-clients.js";

const COMPS: Record<string, string> = {
  block: "Block",
  blocklist: "BlockList",
  list: "List",
  batch: "Batch",
  metadata: "Metadata",
  properties: "Properties",
};

/** The request's kind: its method and its `comp` (or `Container` for `restype=container`, else `Blob`). */
function kindOf(method: string, url: URL): string {
  const comp = url.searchParams.get("comp");
  const what = comp
    ? (COMPS[comp] ?? comp)
    : url.searchParams.get("restype") === "container"
      ? "Container"
      : "Blob";
  return `Azure ${method} ${what}`;
}

/** Starts the proxy to `upstream` (Azurite's blob endpoint, with the account path); returns its endpoint. */
export async function startCountingProxy(upstream: string, counter: RequestCounter) {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    counter.add(kindOf(req.method ?? "?", new URL(req.url ?? "/", target.origin)));
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}${target.pathname}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
