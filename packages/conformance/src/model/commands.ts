import type { JobStoreCapabilities } from "@jobstore/core";
import fc from "fast-check";
import {
  jobSpecArbitrary,
  logMessageArbitrary,
  payloadArbitrary,
  sharedNameArbitrary,
} from "./arbitraries.js";
import {
  DeleteFileCommand,
  FailedWriteCommand,
  ReadFileCommand,
  UpdateFileCommand,
  WriteFileCommand,
} from "./file-commands.js";
import {
  BatchCommand,
  CreateJobCommand,
  DeleteJobCommand,
  ListJobsCommand,
  LoadJobCommand,
  LoadRootJobCommand,
  SetRootJobCommand,
  UpdateJobCommand,
} from "./job-commands.js";
import {
  ReadLogsCommand,
  ReadSharedCommand,
  ReopenCommand,
  WriteLogCommand,
  WriteSharedCommand,
} from "./shared-commands.js";
import type { StoreCommand } from "./store-command.js";
import type { HandleName } from "./world.js";

/** A weighted arbitrary of model commands. */
type CommandArbitrary = fc.Arbitrary<StoreCommand>;

/**
 * The areas a property can draw commands from.
 *
 * @public
 */
export type CommandArea = "jobs" | "files" | "shared" | "logs" | "config";

const handle: fc.Arbitrary<HandleName> = fc.constantFrom("a", "b");
const pick = fc.nat({ max: 1000 });

/**
 * The command arbitraries of the given areas for a backend. Commands that need a capability are only
 * generated when the backend has it (batches only with `batchCreate`).
 *
 * @example
 * ```ts
 * const cmds = fc.commands(modelCommands(store.capabilities, ["jobs", "files"]), { maxCommands: 30 });
 * ```
 * @public
 */
export function modelCommands(
  capabilities: JobStoreCapabilities,
  areas: readonly CommandArea[],
): CommandArbitrary[] {
  const job = jobSpecArbitrary(capabilities);
  const payload = payloadArbitrary(capabilities);
  const byArea: Record<CommandArea, CommandArbitrary[]> = {
    jobs: [
      fc.tuple(handle, job).map(([h, spec]) => new CreateJobCommand(h, spec)),
      fc.tuple(handle, job).map(([h, spec]) => new CreateJobCommand(h, spec)),
      fc.tuple(handle, pick, job).map(([h, p, spec]) => new UpdateJobCommand(h, p, spec)),
      fc.tuple(handle, pick).map(([h, p]) => new DeleteJobCommand(h, p)),
      fc.tuple(handle, pick).map(([h, p]) => new LoadJobCommand(h, p)),
      handle.map((h) => new ListJobsCommand(h)),
      fc.tuple(handle, pick).map(([h, p]) => new SetRootJobCommand(h, p)),
      handle.map((h) => new LoadRootJobCommand(h)),
      ...(capabilities.batchCreate
        ? [
            fc
              .tuple(handle, fc.array(job, { minLength: 1, maxLength: 4 }), fc.boolean())
              .map(([h, specs, fails]) => new BatchCommand(h, specs, fails)),
          ]
        : []),
    ],
    files: [
      fc
        .tuple(
          handle,
          fc.constantFrom("stream", "stream", "path", "empty") as fc.Arbitrary<"stream" | "path" | "empty">,
          fc.option(fc.record({ pick, cleanup: fc.boolean() }), { nil: undefined }),
          payload,
        )
        .map(([h, via, owner, p]) => new WriteFileCommand(h, via, owner, p)),
      fc
        .tuple(handle, pick, fc.constantFrom("stream", "path") as fc.Arbitrary<"stream" | "path">, payload)
        .map(([h, p, via, content]) => new UpdateFileCommand(h, p, via, content)),
      fc
        .tuple(
          handle,
          fc.oneof(
            fc.constant("new" as const),
            pick.map((update) => ({ update })),
          ),
          fc.constantFrom("throw", "abort") as fc.Arbitrary<"throw" | "abort">,
          payload,
        )
        .map(([h, target, how, content]) => new FailedWriteCommand(h, target, how, content)),
      fc
        .tuple(handle, pick, fc.constantFrom("stream", "path") as fc.Arbitrary<"stream" | "path">)
        .map(([h, p, via]) => new ReadFileCommand(h, p, via)),
      fc.tuple(handle, pick).map(([h, p]) => new DeleteFileCommand(h, p)),
    ],
    shared: [
      fc
        .tuple(handle, sharedNameArbitrary(), payload, fc.boolean())
        .map(([h, name, content, fails]) => new WriteSharedCommand(h, name, content, fails)),
      fc.tuple(handle, sharedNameArbitrary()).map(([h, name]) => new ReadSharedCommand(h, name)),
    ],
    logs: [
      fc.tuple(handle, logMessageArbitrary()).map(([h, message]) => new WriteLogCommand(h, message)),
      fc.tuple(handle, fc.boolean()).map(([h, readAll]) => new ReadLogsCommand(h, readAll)),
    ],
    config: [handle.map((h) => new ReopenCommand(h))],
  };
  return areas.flatMap((area) => byArea[area]);
}
