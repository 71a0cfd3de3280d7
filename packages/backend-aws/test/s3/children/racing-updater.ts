// A separate process that updates one file of an s3: store, holding the record's conditional PutObject
// until the parent says "go", so that two of them have both read the record before either switches it.
// Args: <store name> <file ID> <letter>. Prints "ready", then "result ok" or "result <error code>".
import { createInterface } from "node:readline";
import { createJobStore, isJobStoreError } from "@jobstore/core";
import { localS3Backend } from "../s3-backend-fixture.js";
import { makeS3Client } from "../s3-client.js";

const [name, fileId, letter] = process.argv.slice(2) as [string, string, string];
const go = new Promise<void>((resolve) => {
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line === "go") resolve();
  });
});
const s3 = makeS3Client();
s3.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as { Key?: string; IfMatch?: string };
    if (context.commandName === "PutObjectCommand" && input.IfMatch && input.Key?.startsWith("meta/files/")) {
      console.log("ready");
      await go;
    }
    return next(args);
  },
  { step: "initialize", name: "holdRecordSwitch" },
);
const store = createJobStore(localS3Backend(name, {}, s3));
await store.resume();
try {
  await store.updateFileStream(fileId, async (writable) => {
    writable.end(Buffer.alloc(1000, letter));
  });
  console.log("result ok");
} catch (err) {
  console.log(`result ${isJobStoreError(err) ? err.code : String(err)}`);
}
await store.close();
s3.destroy();
process.exit(0);
