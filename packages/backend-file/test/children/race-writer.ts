// A second process updating one file: for each round it starts `updateFile`, says "ready <round>" once
// the store has read the file's record and begun consuming the content, waits for "go <round>", then
// finishes the content and prints "result <round> won" or "result <round> <error code>".
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { isJobStoreError } from "@jobstore/core";
import { createFileBackend } from "../../src/index.js";

const [path, fileId, label, roundsArg, inlineArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string | undefined,
];
const backend = createFileBackend({ path, ...(inlineArg ? { inlineLimit: Number(inlineArg) } : {}) });
await backend.open({});

const gos = new Map<number, () => void>();
createInterface({ input: process.stdin }).on("line", (line) => {
  const round = Number(line.split(" ")[1]);
  gos.get(round)?.();
});

for (let round = 1; round <= Number(roundsArg); round++) {
  const go = new Promise<void>((resolve) => gos.set(round, resolve));
  let started = false;
  const source = new Readable({
    read() {
      if (started) return;
      started = true;
      console.log(`ready ${round}`);
      void go.then(() => {
        this.push(Buffer.from(`${label} round ${round}\n`.repeat(1000)));
        this.push(null);
      });
    },
  });
  try {
    await backend.updateFile(fileId, source, {});
    console.log(`result ${round} won`);
  } catch (err) {
    console.log(`result ${round} ${isJobStoreError(err) ? err.code : String(err)}`);
  }
}
process.exit(0);
