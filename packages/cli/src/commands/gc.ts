import type { Leftover } from "@jobstore/core";
import type { Command } from "commander";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { formatBytes, writeJson, writeRows } from "../format.js";
import { withStore } from "../open-store.js";

interface GcOptions extends StoreOptions {
  apply?: boolean;
}

/**
 * The `gc` command: lists what crashes left behind (orphaned cleanup files, temp files, incomplete
 * uploads) and deletes it only with `--apply`.
 *
 * @example
 * ```ts
 * program.addCommand(gcCommand(ctx));
 * ```
 * @public
 */
export function gcCommand(ctx: CommandContext): Command {
  return storeCommand(ctx, "gc", "find what crashes left behind; delete it with --apply", [
    "jobstore gc",
    "jobstore gc file:./run --apply",
  ])
    .option("--apply", "delete what was found (default: only list it)")
    .action(async (positional: string | undefined, options: GcOptions, command: Command) => {
      const store = chosenStore(command, positional, options);
      const leftovers = await withStore({ ...options, store, env: ctx.env }, ctx.signal, async (opened) => {
        const found: Leftover[] = [];
        for await (const leftover of opened.findLeftovers({ signal: ctx.signal })) found.push(leftover);
        if (options.apply && found.length > 0) await opened.removeLeftovers(found, { signal: ctx.signal });
        return found;
      });
      const bytes = leftovers.reduce((sum, l) => sum + (l.size ?? 0), 0);
      if (options.json) {
        writeJson(ctx.stdout, { leftovers, bytes, removed: Boolean(options.apply) });
        return;
      }
      if (leftovers.length > 0) {
        const rows = leftovers.map((l) => [
          l.kind,
          l.id,
          l.size === undefined ? "" : ctx.stdout.isTTY ? formatBytes(l.size) : String(l.size),
          l.createdAt?.toISOString() ?? "",
        ]);
        await writeRows(ctx.stdout, ["kind", "ID", "size", "created"], rows);
      }
      const what = `${leftovers.length} leftover${leftovers.length === 1 ? "" : "s"} (${formatBytes(bytes)})`;
      if (options.apply) ctx.stderr.write(`removed ${what}\n`);
      else ctx.stderr.write(`found ${what}${leftovers.length > 0 ? "; run with --apply to delete" : ""}\n`);
    });
}
