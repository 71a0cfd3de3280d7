import { readFile } from "node:fs/promises";
import { ENCRYPTION_KEY_BYTES } from "@jobstore/core";
import { CliError } from "./cli-error.js";
import { EXIT_CODES } from "./exit-codes.js";

/**
 * Reads a store's encryption key from a file: 32 raw bytes, or 64 hexadecimal digits (surrounding
 * whitespace ignored), as `head -c 32 /dev/urandom > key` or `openssl rand -hex 32 > key` make it.
 *
 * @throws a {@link CliError} with exit code 2 naming the file when it is missing or holds no such key.
 * @example
 * ```ts
 * const encryptionKey = await readKeyFile("./store.key");
 * ```
 * @public
 */
export async function readKeyFile(path: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new CliError(EXIT_CODES.USAGE, `cannot read the key file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (bytes.length === ENCRYPTION_KEY_BYTES) return new Uint8Array(bytes);
  const text = bytes.toString("latin1").trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, "hex"));
  throw new CliError(
    EXIT_CODES.USAGE,
    `the key file ${path} holds neither 32 bytes nor 64 hexadecimal digits`,
  );
}
