/**
 * Which layer of a 64 KiB / 16 MiB stream read costs what: a raw `Readable.from`, the memory backend's
 * own stream, and the same through the `JobStore` front end.
 * `tsx bench/peer/read-micro.ts [count]`.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { createMemoryBackend } from "@jobstore/backend-memory";
import { createJobStore } from "@jobstore/core";

const count = Number(process.argv[2] ?? 2000);

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

async function time(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(n, 50); i++) await fn(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t0;
  console.log(
    `${label.padEnd(44)} ${(n / (ms / 1000)).toFixed(0).padStart(9)} ops/s  ${((ms * 1000) / n).toFixed(1).padStart(8)} us/op`,
  );
}

for (const [label, size, n] of [
  ["64KiB", 64 * 1024, count],
  ["16MiB", 16 * 1024 * 1024, 20],
] as const) {
  const payload = randomBytes(size);
  const backend = createMemoryBackend();
  const store = createJobStore(backend);
  await store.initialize();
  const id = await store.writeFileStream((w) => void w.end(payload));
  await time(`${label} raw Readable.from([buf])`, n, () => drain(Readable.from([payload])));
  await time(`${label} backend.readFile stream`, n, async () =>
    drain((await backend.readFile(id, {})).stream),
  );
  await time(`${label} store.readFileStream`, n, async () => drain(await store.readFileStream(id)));
  await time(`${label} store.readFileStream + on('data')`, n, async () => {
    const s = await store.readFileStream(id);
    await new Promise<void>((res, rej) =>
      s
        .on("data", () => {})
        .on("end", res)
        .on("error", rej),
    );
  });
  await store.writeSharedFileStream("s.bin", (w) => void w.end(payload));
  await time(`${label} store.readSharedFileStream`, n, async () =>
    drain(await store.readSharedFileStream("s.bin")),
  );
  await store.destroy();
}
