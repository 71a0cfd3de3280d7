import { encodeJob, type StoredJob } from "@jobstore/core";
import type { Command } from "commander";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { formatBytes, writeJson, writeRows } from "../format.js";
import { withStore } from "../open-store.js";

/**
 * The `jobs` command: one row per job (ID, name, version, encoded size); `--json` dumps the descriptions.
 *
 * @example
 * ```ts
 * program.addCommand(jobsCommand(ctx));
 * ```
 * @public
 */
export function jobsCommand(ctx: CommandContext): Command {
  return storeCommand(ctx, "jobs", "list the jobs: ID, name, version, encoded size", [
    "jobstore jobs",
    "jobstore jobs file:./run --json | jq '.[].jobName'",
  ]).action(async (positional: string | undefined, options: StoreOptions, command: Command) => {
    const store = chosenStore(command, positional, options);
    const jobs = await withStore({ ...options, store, env: ctx.env }, ctx.signal, async (opened) => {
      const all: StoredJob[] = [];
      for await (const job of opened.jobs({ signal: ctx.signal })) all.push(job);
      return all.sort((a, b) => (a.jobStoreId < b.jobStoreId ? -1 : a.jobStoreId > b.jobStoreId ? 1 : 0));
    });
    if (options.json) {
      writeJson(ctx.stdout, jobs);
      return;
    }
    const rows = jobs.map((job) => {
      const size = encodeJob(job).length;
      return [
        job.jobStoreId,
        job.jobName ?? "",
        String(job.version),
        ctx.stdout.isTTY ? formatBytes(size) : String(size),
      ];
    });
    await writeRows(ctx.stdout, ["ID", "name", "version", "size"], rows);
  });
}
