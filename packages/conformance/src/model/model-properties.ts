import fc from "fast-check";
import { it } from "vitest";
import type { ConformanceOptions } from "../options.js";
import { verifyObservableState } from "./checks.js";
import { type CommandArea, modelCommands } from "./commands.js";
import { openModelWorld, probeCapabilities } from "./model-world-setup.js";

const DEFAULT_RUNS = 100;
const DEFAULT_MAX_COMMANDS = 30;
const DEFAULT_TIMEOUT_MS = 60_000;

/** The properties: each draws random command sequences from some areas of the contract. */
const PROPERTIES: ReadonlyArray<{ title: string; areas: readonly CommandArea[] }> = [
  { title: "jobs, the root job and batches behave like the reference model", areas: ["jobs"] },
  {
    title: "job files, their cleanup and failed writes behave like the reference model",
    areas: ["jobs", "files"],
  },
  {
    title: "shared files, logs and resumed handles behave like the reference model",
    areas: ["shared", "logs", "config"],
  },
  {
    title: "every command mixed behaves like the reference model",
    areas: ["jobs", "files", "shared", "logs", "config"],
  },
];

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw new RangeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Registers the model-based properties: random command sequences over two handles on a fresh store
 * per run, checked after every command against a pure reference model.
 *
 * @remarks
 * Call inside a `describe` of a vitest file (the conformance entry point does). Each run sets up its own
 * store with `options.setup()` and removes it, pass or fail. Commands that need a capability are only
 * generated when the backend's manifest has it. A failure reports the seed, the path and the shrunk
 * command list; replay it with `FC_SEED=<seed> FC_PATH=<path>` (and `FC_REPLAY_PATH` for the command
 * list's own replay hint). `FC_NUM_RUNS` overrides `options.propertyRuns`.
 *
 * @throws {@link @jobstore/core!JobStoreError} nothing at registration; each test fails with fast-check's report.
 * @example
 * ```ts
 * describe("memory model", () => registerModelProperties({ name: "memory", setup }));
 * ```
 * @public
 */
export function registerModelProperties(options: ConformanceOptions): void {
  const numRuns = envInteger("FC_NUM_RUNS") ?? options.propertyRuns ?? DEFAULT_RUNS;
  const seed = envInteger("FC_SEED");
  const path = process.env.FC_PATH || undefined;
  const replayPath = process.env.FC_REPLAY_PATH || undefined;
  const maxCommands = options.maxCommands ?? DEFAULT_MAX_COMMANDS;

  for (const { title, areas } of PROPERTIES) {
    it(title, { timeout: options.testTimeoutMs ?? DEFAULT_TIMEOUT_MS }, async ({ expect }) => {
      const capabilities = await probeCapabilities(options);
      const commands = fc.commands(modelCommands(capabilities, areas), {
        maxCommands,
        // fast-check's default size would cap runs at about 10 commands whatever maxCommands says.
        size: "max",
        ...(replayPath ? { replayPath } : {}),
      });
      const property = fc.asyncProperty(commands, async (cmds) => {
        const world = await openModelWorld(options, expect);
        try {
          await fc.asyncModelRun(() => world, cmds);
          // A last full sweep through both handles: every job loaded, every file read back.
          for (const handle of [world.real.handles.a, world.real.handles.b]) {
            await verifyObservableState(world.real, handle, world.model.state, "all");
          }
        } finally {
          await world.dispose();
        }
      });
      const details = await fc.check(property, {
        numRuns,
        ...(seed === undefined ? {} : { seed }),
        ...(path === undefined ? {} : { path }),
      });
      if (details.failed) {
        const report = fc.defaultReportMessage(details) ?? "";
        // A command list replays only with its own replay hint, printed inside the counterexample.
        const hint = /replayPath="([^"]*)"/.exec(report)?.[1];
        const replay = `replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ""}${hint ? ` FC_REPLAY_PATH=${hint}` : ""}`;
        throw new Error(`${options.name}: ${title}\n${replay}\n${report}`, {
          cause: details.errorInstance,
        });
      }
    });
  }
}
