import { once } from "node:events";
import type { Readable } from "node:stream";
import { isJobStoreError, type JobStore } from "@jobstore/core";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CliOutput } from "../cli-io.js";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { nextTurn } from "../next-turn.js";
import { withStore } from "../open-store.js";

const SHARED_NAME = /^[a-zA-Z0-9._-]+$/;

interface CatOptions extends StoreOptions {
  shared?: boolean;
  force?: boolean;
}

/**
 * Whether the start of some content looks binary: a NUL byte, or bytes that are not UTF-8.
 *
 * @example
 * ```ts
 * looksBinary(Buffer.from("hello")); // false
 * ```
 * @public
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.includes(0)) return true;
  try {
    // `stream: true` tolerates a character cut in two at the end of the chunk.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return false;
  } catch {
    return true;
  }
}

async function openTarget(
  store: JobStore,
  target: string,
  options: CatOptions,
  signal: AbortSignal,
  locator: string,
): Promise<Readable> {
  if (!options.shared && (await store.fileExists(target, { signal }))) {
    return store.readFileStream(target, { signal });
  }
  if (SHARED_NAME.test(target)) {
    try {
      return await store.readSharedFileStream(target, { signal });
    } catch (err) {
      if (!isJobStoreError(err, "JOBSTORE_NO_SUCH_FILE")) throw err;
    }
  }
  const what = options.shared ? "shared file" : "file or shared file";
  throw new CliError(EXIT_CODES.NOT_FOUND, `no ${what} ${JSON.stringify(target)} in ${locator}`);
}

async function copyOut(
  content: Readable,
  out: CliOutput,
  refuseBinary: boolean,
  target: string,
): Promise<void> {
  let first = true;
  for await (const chunk of content as AsyncIterable<Buffer>) {
    if (first && refuseBinary && looksBinary(chunk.subarray(0, 8192))) {
      content.destroy();
      throw new CliError(
        EXIT_CODES.USAGE,
        `${JSON.stringify(target)} looks binary; refusing to write it to a terminal without --force`,
      );
    }
    first = false;
    if (!out.write(chunk)) await once(out, "drain");
    await nextTurn();
  }
}

/**
 * The `cat` command: a file's bytes (or a shared file's) to stdout, checksum verified by the store.
 *
 * @example
 * ```ts
 * program.addCommand(catCommand(ctx));
 * ```
 * @public
 */
export function catCommand(ctx: CommandContext): Command {
  return storeCommand(
    ctx,
    "cat",
    "write a file's bytes (by file ID or shared file name) to stdout",
    [
      "jobstore cat config.json",
      "jobstore cat file:./run files/ab12/out.bam > out.bam",
      "jobstore cat --shared rootJobStoreID",
    ],
    false,
    false,
  )
    .argument("[file]", "a file ID, or the name of a shared file (alone, it is the file)")
    .usage("[options] [store] <file>")
    .option("--shared", "only look among shared files")
    .option("-f, --force", "write binary content to a terminal anyway")
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        options: CatOptions,
        command: Command,
      ) => {
        // One argument is the file (the store comes from -s or its default); two are the store and the file.
        const target = second ?? first;
        if (target === undefined) {
          throw new CliError(EXIT_CODES.USAGE, "missing required argument 'file' (see jobstore cat --help)");
        }
        const store = chosenStore(command, second === undefined ? undefined : first, options);
        await withStore({ ...options, store, env: ctx.env }, ctx.signal, async (opened) => {
          const content = await openTarget(opened, target, options, ctx.signal, store);
          await copyOut(content, ctx.stdout, Boolean(ctx.stdout.isTTY) && !options.force, target);
        });
      },
    );
}
