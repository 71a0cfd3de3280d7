import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isJobStoreError, parseLocator } from "@jobstore/core";
import { runProcessDemo } from "./process-demo.js";
import { runDemo } from "./workflow-demo.js";

const USAGE = `usage: npm run demo -- [--store <locator>] [--keep] [--no-crash]

  --store <locator>  where to run (default: file: in a fresh temporary directory), e.g. memory:demo,
                     file:./my-store, aws:us-east-1:jobstore-demo, s3:us-east-1:jobstore-demo
  --keep             keep the store at the end instead of destroying it
  --no-crash         run straight through, without the simulated crash and resume
  --help             show this text`;

async function main(argv: string[]): Promise<number> {
  let values: { store?: string; keep?: boolean; "no-crash"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        store: { type: "string" },
        keep: { type: "boolean" },
        "no-crash": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // The default store is a directory of its own, so run 1 and run 2 can be separate processes.
  const tempDir = values.store ? undefined : mkdtempSync(join(tmpdir(), "jobstore-demo-"));
  const locator = values.store ?? `file:${join(tempDir!, "store")}`;
  const keep = values.keep === true;
  const crashChild = values["no-crash"] ? 0 : 2;
  try {
    if (parseLocator(locator).scheme === "memory") {
      console.log(
        "note: a memory: store lives in one process and dies with it, so this run plays both runs in one process and the crash is simulated (a thrown error); use a file:, aws: or s3: store for a real SIGKILL",
      );
      await runDemo({ locator, keep, crashChild });
    } else {
      await runProcessDemo({ locator, keep, crashChild });
    }
    if (tempDir && !keep) rmSync(tempDir, { recursive: true, force: true });
    return 0;
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_EXISTS")) {
      console.error(
        `demo failed: the store ${locator} exists already (kept by --keep?); pick another locator`,
      );
    } else if (isJobStoreError(err)) {
      console.error(`demo failed: ${err.code}: ${err.message}`);
    } else {
      console.error("demo failed:", err);
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
