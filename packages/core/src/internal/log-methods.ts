import type { ReadLogsOptions, WriteLogsOptions } from "../types.js";
import { CallerFailure } from "./guard.js";
import { type MethodTable, method } from "./method-table.js";
import { opts, type StoreContext } from "./store-context.js";
import { requireCallback } from "./validate.js";

/** `writeLogs` and `readLogs`. */
export const LOG_METHODS: MethodTable = {
  writeLogs: method({
    optionsAt: 1,
    check: (_ctx: StoreContext, message: string | Uint8Array, _options?: WriteLogsOptions): Uint8Array => {
      if (typeof message === "string") return Buffer.from(message, "utf8");
      if (message instanceof Uint8Array) return message;
      throw new TypeError("writeLogs: the message must be a string or a Uint8Array");
    },
    async io(ctx, signal, bytes, _message, options) {
      // Only a copy of a store writes read messages; everyone else calls the SPI as before.
      if (options?.read === true) await ctx.backend.writeLogs(bytes, opts(signal), true);
      else await ctx.backend.writeLogs(bytes, opts(signal));
    },
  }),

  readLogs: method({
    optionsAt: 1,
    check: (_ctx: StoreContext, callback: (message: Buffer) => unknown, _options?: ReadLogsOptions) =>
      requireCallback("readLogs", callback),
    async io(ctx, signal, _p, callback, options) {
      // Kept aside rather than trusted to come back: a backend may wrap what the callback threw.
      let failure: CallerFailure | undefined;
      const deliver = async (message: Buffer): Promise<void> => {
        try {
          await callback(message);
        } catch (error) {
          failure = new CallerFailure(error);
          throw error;
        }
      };
      try {
        return await ctx.backend.readLogs(deliver, options?.readAll === true, opts(signal));
      } catch (err) {
        throw failure ?? err;
      }
    },
  }),
};
