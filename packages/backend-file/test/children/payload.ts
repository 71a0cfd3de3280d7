import { createHash } from "node:crypto";

/** `<sha256 of body>\n<body>`, the body's size varying with `round` (up to ~100 KB). */
export function selfChecked(round: number, seed: string): Buffer {
  const body = Buffer.from(`${seed}:${round}:`.repeat(1 + ((round * 7919) % 9000)));
  return Buffer.concat([Buffer.from(`${createHash("sha256").update(body).digest("hex")}\n`), body]);
}

/** Whether bytes are one whole {@link selfChecked} payload. */
export function isSelfChecked(bytes: Buffer): boolean {
  const newline = bytes.indexOf(10);
  if (newline !== 64) return false;
  const body = bytes.subarray(newline + 1);
  return createHash("sha256").update(body).digest("hex") === bytes.subarray(0, 64).toString("latin1");
}
