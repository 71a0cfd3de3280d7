import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { isJobStoreError, JobStoreError } from "../errors.js";
import type { CallOptions, JobStoreConfig } from "../types.js";
import { type MethodTable, method } from "./method-table.js";
import { closedError, opts, type StoreContext } from "./store-context.js";

/** The shared file holding the config. */
export const CONFIG_FILE = "config.json";

/** A shared file's content as text, or `undefined` when it does not exist. */
export async function readSharedText(
  ctx: StoreContext,
  name: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    return await text(await ctx.backend.readSharedFile(name, opts(signal)));
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_FILE")) return undefined;
    throw err;
  }
}

/** Writes a small shared file in one piece, unencrypted. */
export function writeSharedBytes(
  ctx: StoreContext,
  name: string,
  bytes: Buffer,
  signal: AbortSignal | undefined,
): Promise<void> {
  return ctx.backend.writeSharedFile(name, Readable.from([bytes]), false, opts(signal));
}

// A handle closed while initialize/resume was in flight must stay closed.
function markOpen(ctx: StoreContext, what: string, config: JobStoreConfig): void {
  if (ctx.state === "closed") throw closedError(what);
  ctx.config = config;
  ctx.state = "open";
}

/** `initialize`, `resume`, `writeConfig`, `destroy` (`close` and `config` need no guard). */
export const LIFECYCLE_METHODS: MethodTable = {
  initialize: method({
    optionsAt: 1,
    beforeOpen: true,
    check: (
      ctx: StoreContext,
      initial: Omit<JobStoreConfig, "workflowId"> = {},
      _options?: CallOptions,
    ): JobStoreConfig => {
      if (ctx.state === "open") {
        throw new JobStoreError("JOBSTORE_EXISTS", "initialize: this handle is already open");
      }
      if (typeof initial !== "object" || initial === null) {
        throw new TypeError("initialize: config must be an object");
      }
      return { ...initial, workflowId: randomUUID() };
    },
    async io(ctx, signal, fresh) {
      await ctx.backend.create(opts(signal));
      await writeSharedBytes(ctx, CONFIG_FILE, Buffer.from(JSON.stringify(fresh)), signal);
      markOpen(ctx, "initialize", fresh);
    },
  }),

  resume: method({
    optionsAt: 0,
    beforeOpen: true,
    async io(ctx, signal, _p: undefined, _options?: CallOptions) {
      await ctx.backend.open(opts(signal));
      const raw = await readSharedText(ctx, CONFIG_FILE, signal);
      if (raw === undefined) {
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_STORE",
          `resume: the ${ctx.backend.name} store has no ${CONFIG_FILE}`,
        );
      }
      markOpen(ctx, "resume", parseConfig(raw));
    },
  }),

  writeConfig: method({
    optionsAt: 0,
    io: (ctx, signal, _p: undefined, _options?: CallOptions) =>
      writeSharedBytes(ctx, CONFIG_FILE, Buffer.from(JSON.stringify(ctx.config)), signal),
  }),

  destroy: method({
    optionsAt: 0,
    beforeOpen: true,
    async io(ctx, signal, _p: undefined, _options?: CallOptions) {
      await ctx.backend.destroy(opts(signal));
      ctx.config = undefined;
      if (ctx.state === "open") ctx.state = "new";
    },
  }),
};

/** Parses a stored config; corrupt content is not a fault that retrying can fix. */
function parseConfig(raw: string): JobStoreConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw corruptConfig(cause);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof (parsed as JobStoreConfig).workflowId !== "string"
  ) {
    throw corruptConfig(undefined);
  }
  return parsed as JobStoreConfig;
}

function corruptConfig(cause: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_UNAVAILABLE",
    `resume: ${CONFIG_FILE} is corrupt (no JSON object with a workflowId)`,
    { cause, retryable: false },
  );
}
