import http from "node:http";
import type { AddressInfo } from "node:net";
import type { S3Client } from "@aws-sdk/client-s3";

/** The conditional-write headers a careless S3-compatible server (or proxy) drops. */
const STRIPPED = ["if-match", "if-none-match"];
// Headers the signer must not see again: it adds fresh ones.
const RESIGNED = ["authorization", "x-amz-date", "x-amz-security-token"];

/** What a {@link startStrippingProxy} proxy does besides forwarding. */
export interface ProxyFaults {
  /** Remove `If-Match` and `If-None-Match` (default true). */
  strip?: boolean;
  /** Forward the request, then cut the connection instead of replying (a reply lost on the way back). */
  dropReply?: (method: string, path: string, headers: Record<string, string>) => boolean;
}

/**
 * A loopback HTTP proxy in front of the S3 endpoint that removes `If-Match` and `If-None-Match` from
 * every request, i.e. a server that ignores conditional writes. SigV4 signs those headers, so the proxy
 * signs each request again (with `signer`'s credentials, the SDK's own signer) after removing them.
 * With `strip: false` and `dropReply` it instead loses the replies of chosen requests after the server
 * applied them.
 */
export async function startStrippingProxy(target: string, signer: S3Client, faults: ProxyFaults = {}) {
  const strip = faults.strip ?? true;
  const upstream = new URL(target);
  const sign = await signer.config.signer();
  const region = await signer.config.region();
  let stripped = 0;
  const server = http.createServer((req, res) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || RESIGNED.includes(name)) continue;
        if (strip && STRIPPED.includes(name)) {
          stripped++;
          continue;
        }
        headers[name] = Array.isArray(value) ? value.join(",") : value;
      }
      headers.host = upstream.host;
      const url = new URL(req.url ?? "/", target);
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const signed = await sign.sign(
        {
          method: req.method ?? "GET",
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: Number(upstream.port),
          path: url.pathname,
          query,
          headers,
          body: undefined,
        } as never,
        { signingRegion: region, signingService: "s3" } as never,
      );
      const drop =
        faults.dropReply?.(req.method ?? "GET", decodeURIComponent(url.pathname), headers) ?? false;
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: `${url.pathname}${url.search}`,
          headers: (signed as { headers: Record<string, string> }).headers,
        },
        (reply) => {
          if (drop) {
            reply.resume();
            reply.on("end", () => res.destroy());
            return;
          }
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      req.pipe(out);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** How many conditional headers were removed so far. */
    stripped: () => stripped,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
