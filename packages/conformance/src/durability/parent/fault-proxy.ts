import { connect, createServer, type Socket } from "node:net";

/**
 * Options of {@link startFaultProxy}.
 *
 * @public
 */
export interface FaultProxyOptions {
  /** The server to forward to, e.g. `"http://127.0.0.1:9000"`; loopback only. */
  upstream: string;
  /** Probability that forwarding one chunk (in either direction) injects a fault (default 0.03). */
  rate?: number;
  /** The faults to draw from (default all three). */
  kinds?: readonly FaultKind[];
  /** A delay fault holds a chunk this long, in ms (default `[200, 2000]`). */
  delayMs?: readonly [number, number];
  /** Seed of the fault draws (default random). */
  seed?: number;
  /** Connections open at once at most (default 256); further ones are refused. */
  maxConnections?: number;
  /** Start injecting at once (default false: call `enable()`). */
  enabled?: boolean;
}

/**
 * What the proxy does to a connection: `reset` destroys both sides with a TCP RST, `truncate` forwards
 * part of a chunk and then closes both sides, `delay` holds a chunk before forwarding it.
 *
 * @public
 */
export type FaultKind = "reset" | "truncate" | "delay";

/**
 * A running fault proxy.
 *
 * @public
 */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client here instead of at the upstream. */
  readonly endpoint: string;
  /** Starts injecting faults. */
  enable(): void;
  /** Stops injecting faults (connections pass through untouched). */
  disable(): void;
  /** Faults injected so far, by kind. */
  injected(): Record<FaultKind, number>;
  /** Connections accepted so far. */
  connections(): number;
  /** Stops listening and destroys every open connection. Idempotent. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts a TCP proxy on loopback that forwards to `upstream` and, while enabled, resets, truncates or
 * delays a fraction of the chunks it forwards: the network faults a storage client must survive without
 * corrupting anything or hanging. Plain `net`, so it works for any protocol (S3, SimpleDB, ...).
 *
 * @throws TypeError when `upstream` is not an `http://` URL on a loopback host.
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ upstream: process.env.AWS_ENDPOINT_URL_S3!, rate: 0.03 });
 * proxy.enable();
 * // ... run workers with AWS_ENDPOINT_URL_S3=proxy.endpoint ...
 * await proxy.close();
 * ```
 * @public
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const url = new URL(options.upstream);
  if (url.protocol !== "http:" || !LOOPBACK.has(url.hostname)) {
    throw new TypeError(`startFaultProxy: upstream must be http:// on loopback, got ${options.upstream}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 80);
  const rate = options.rate ?? 0.03;
  const kinds = options.kinds ?? ["reset", "truncate", "delay"];
  const [minDelay, maxDelay] = options.delayMs ?? [200, 2000];
  const random = mulberry32(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const counts: Record<FaultKind, number> = { reset: 0, truncate: 0, delay: 0 };
  const sockets = new Set<Socket>();
  let enabled = options.enabled ?? false;
  let accepted = 0;

  const server = createServer((client) => {
    accepted++;
    const upstream = connect(port, host);
    sockets.add(client);
    sockets.add(upstream);
    const destroyBoth = (reset: boolean) => {
      if (reset && !client.destroyed) client.resetAndDestroy();
      else client.destroy();
      if (reset && !upstream.destroyed) upstream.resetAndDestroy();
      else upstream.destroy();
    };
    const forward = (from: Socket, to: Socket) => {
      // While a delayed chunk waits, the source is paused and its end is held back, so order is kept.
      let delaying = false;
      let endHeld = false;
      const finish = () => {
        if (delaying) endHeld = true;
        else if (!to.writableEnded) to.end();
      };
      from.on("data", (chunk: Buffer) => {
        if (enabled && random() < rate) {
          const kind = kinds[Math.floor(random() * kinds.length)] as FaultKind;
          counts[kind]++;
          if (kind === "reset") return destroyBoth(true);
          if (kind === "truncate") {
            to.end(chunk.subarray(0, Math.floor(random() * chunk.length)));
            from.destroy();
            return;
          }
          delaying = true;
          from.pause();
          setTimeout(
            () => {
              delaying = false;
              if (to.destroyed) return;
              to.write(chunk);
              if (endHeld) to.end();
              else from.resume();
            },
            minDelay + random() * (maxDelay - minDelay),
          ).unref();
          return;
        }
        if (!to.write(chunk)) {
          from.pause();
          to.once("drain", () => {
            if (!delaying) from.resume();
          });
        }
      });
      from.on("end", finish);
      from.on("error", () => destroyBoth(false));
      from.on("close", () => {
        sockets.delete(from);
        finish();
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  server.maxConnections = options.maxConnections ?? 256;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as { port: number };
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    enable: () => {
      enabled = true;
    },
    disable: () => {
      enabled = false;
    },
    injected: () => ({ ...counts }),
    connections: () => accepted,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
