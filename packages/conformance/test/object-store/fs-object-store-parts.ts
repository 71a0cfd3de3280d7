// Parts of the reference ObjectStore (fs-object-store.ts) that need none of its state: key names,
// ranges, paging, abortable streams and the loopback server behind presignRead. No vitest here.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { type ByteRange, ObjectStoreError } from "@jobstore/object-store";

/** Hex digits per path segment: names stay under the 255-byte limit for keys of S3's 1,024 bytes. */
const SEGMENT = 200;

// Hex of the UTF-8 bytes (whose order is the keys' byte order), in segments, the last one ending in `.o`
// so that no object's file is also the directory of a longer key's path.
export function fileName(key: string): string {
  const hex = Buffer.from(key, "utf8").toString("hex");
  const segments: string[] = [];
  for (let i = 0; i < hex.length; i += SEGMENT) segments.push(hex.slice(i, i + SEGMENT));
  return `${segments.join("/")}.o`;
}
/** The hex of a `fileName` (as `readdir(..., { recursive: true })` lists it), or undefined for a directory. */
export const hexOf = (name: string) =>
  name.endsWith(".o") ? name.slice(0, -2).replaceAll("/", "") : undefined;
export const keyOf = (hex: string) => Buffer.from(hex, "hex").toString("utf8");
export const isCode = (err: unknown, code: string) => (err as { code?: unknown } | null)?.code === code;

export function slice(body: Buffer, range: ByteRange | undefined, key: string): Buffer {
  if (!range) return body;
  if (!(range.start >= 0 && range.start <= range.end && range.end < body.length)) {
    throw new ObjectStoreError(
      "invalid",
      `read ${key}: range ${range.start}-${range.end} of ${body.length} bytes`,
    );
  }
  return body.subarray(range.start, range.end + 1);
}

/** `body` as a stream of 64 KiB chunks that a fired `signal` ends with an "aborted" error. */
export function chunked(body: Buffer, key: string, signal: AbortSignal | undefined): Readable {
  let offset = 0;
  const stream = new Readable({
    read() {
      const chunk = body.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      this.push(chunk.length > 0 ? chunk : null);
    },
  });
  signal?.addEventListener(
    "abort",
    () => stream.destroy(new ObjectStoreError("aborted", `read ${key}: the signal fired`)),
    {
      once: true,
    },
  );
  return stream;
}

export function pages<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/** A loopback HTTP server that serves objects by URL until each URL's expiry. */
export interface PresignServer {
  url(key: string, seconds: number): string;
  close(): void;
}

/** Starts the server (unref'd: it never keeps a process alive); `read` gives an object's bytes. */
export async function startPresignServer(
  read: (key: string) => Promise<Buffer | undefined>,
): Promise<PresignServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (Number(url.searchParams.get("expires")) < Date.now()) return void res.writeHead(403).end();
    read(keyOf(hexOf(url.pathname.slice(1)) ?? "")).then(
      (body) => (body ? res.writeHead(200).end(body) : res.writeHead(404).end()),
      () => res.writeHead(500).end(),
    );
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (key, seconds) => `${base}/${fileName(key)}?expires=${Date.now() + seconds * 1000}`,
    close: () => server.close(),
  };
}
