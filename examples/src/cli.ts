import { parseArgs } from "node:util";
import { isJobStoreError } from "@jobstore/core";
import { runDemo } from "./workflow-demo.js";

const USAGE = `usage: npm run demo -- [--store <locator>] [--keep] [--no-crash]

  --store <locator>  where to run (default memory:demo), e.g. aws:us-east-1:jobstore-demo
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
  const locator = values.store ?? "memory:demo";
  try {
    await runDemo({ locator, keep: values.keep === true, crashChild: values["no-crash"] ? 0 : 2 });
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
