import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { pseudoRandomBytes, run } from "./harness.js";
import { startWorkflow } from "./workflow.js";

// Needs Azurite (`scripts/local-azure start`, then `source .local-azure/env`) and, for s3:, the local AWS
// stack (`source .local-aws/env` from scripts/local-aws). The CLI reaches azure: through the backend it
// bundles: nothing here registers it.
const azure = Boolean(process.env.AZURE_STORAGE_CONNECTION_STRING);
const aws = Boolean(process.env.JOBSTORE_AWS_IT && process.env.AWS_ENDPOINT_URL_S3);
const SKIP_REASON = [
  azure ? "" : "AZURE_STORAGE_CONNECTION_STRING is unset (start Azurite: scripts/local-azure start)",
  aws ? "" : "the local AWS stack is not configured (JOBSTORE_AWS_IT, AWS_ENDPOINT_URL_S3)",
]
  .filter(Boolean)
  .join("; ");
if (SKIP_REASON) console.warn(`cli azure: ${SKIP_REASON}`);

const region = process.env.AWS_REGION ?? "us-east-1";
const account = /AccountName=([^;]+)/.exec(process.env.AZURE_STORAGE_CONNECTION_STRING ?? "")?.[1];

const remoteStores: string[] = [];
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-cli-azure-"));
});
afterEach(async () => {
  for (const locator of remoteStores.splice(0)) {
    expect((await run(["destroy", "-s", locator, "--yes", "--force"])).code).toBe(EXIT_CODES.OK);
  }
  await rm(dir, { recursive: true, force: true });
});

function remote(scheme: "s3" | "azure"): string {
  const rest = scheme === "s3" ? region : (account ?? "devstoreaccount1");
  const locator = `${scheme}:${rest}:cli-${randomBytes(5).toString("hex")}`;
  remoteStores.push(locator);
  return locator;
}

/** An s3: store holding a workflow stopped half-way, a binary file of several parts, logs and a shared file. */
async function halfRunWorkflow(locator: string): Promise<void> {
  const store = await openJobStore(locator);
  await store.initialize({ engine: "cli-azure-test" });
  await startWorkflow(store, 2);
  const binary = pseudoRandomBytes(300_000);
  await store.writeFileStream((w) => w.end(binary), { basename: "data.bin" });
  await store.writeFileStream((w) => w.end(Buffer.alloc(0)), { basename: "empty" });
  await store.writeLogs("already seen", { read: true });
  await store.writeLogs("not yet read");
  await store.writeSharedFileStream("engine-state.json", (w) => w.end('{"round":1}'));
  await store.close();
}

describe("jobstore copy across s3:, azure: and file:", () => {
  it.skipIf(Boolean(SKIP_REASON))(
    "copies s3: → azure: → file: keeping every byte and ID",
    { timeout: 180_000 },
    async () => {
      const from = remote("s3");
      const there = remote("azure");
      const back = `file:${join(dir, "back")}`;
      await halfRunWorkflow(from);
      const out = await run(["copy", from, there]);
      expect(out.stderr).toBe("");
      expect(out.code).toBe(EXIT_CODES.OK);
      await expectSameStore(from, there);
      const home = await run(["copy", there, back]);
      expect(home.stderr).toBe("");
      expect(home.code).toBe(EXIT_CODES.OK);
      await expectSameStore(from, back);
      const status = await run(["status", "-s", there, "--json"]);
      expect(status.code).toBe(EXIT_CODES.OK);
      expect(JSON.parse(status.stdout)).toMatchObject({ backend: "azure" });
    },
  );
});
