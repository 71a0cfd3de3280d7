// The entry of every racer process of the condition checks:
// `node --import tsx race-worker.ts '<RacerConfig JSON>'`. It builds an adapter with the suite's factory
// on the test's container and runs the puts the parent sends, each at the moment the parent names.
import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "./describe-error.js";
import { loadFactory } from "./load-factory.js";
import type { RacerCommand, RacerConfig, RacerMessage } from "./race-protocol.js";

function send(message: RacerMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send?.(message, undefined, undefined, (err) => (err ? reject(err) : resolve())),
  );
}

async function main(config: RacerConfig): Promise<void> {
  const store = await (await loadFactory(config.factory))(config.container);
  const commands: RacerCommand[] = [];
  let wake: (() => void) | undefined;
  process.on("message", (command: RacerCommand) => {
    commands.push(command);
    wake?.();
  });
  await send({ type: "ready" });
  try {
    for (;;) {
      const command = commands.shift();
      if (!command) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      if (command.cmd === "exit") return;
      // Every racer waits for the same instant, so the puts leave their processes together.
      await sleep(Math.max(0, command.at - Date.now()));
      const body = Buffer.from(command.body, "base64");
      try {
        const outcome = await store.put(command.key, body, command.condition, {});
        await send({ type: "result", round: command.round, outcome });
      } catch (err) {
        await send({ type: "result", round: command.round, error: describeError(err) });
      }
    }
  } finally {
    store.close();
  }
}

main(JSON.parse(process.argv[2] ?? "{}") as RacerConfig).then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({ type: "fatal", error: String((err as Error)?.stack ?? err).slice(0, 2000) }).catch(() => {});
    process.exit(1);
  },
);
