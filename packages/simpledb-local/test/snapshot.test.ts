import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimpleDbLocal } from "../src/index.js";
import { pairsOf, sdbClient } from "./helpers.js";

describe("snapshot file", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdb-snapshot-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps domains and items across a restart", async () => {
    const file = join(dir, "nested", "sdb.json");
    const first = await startSimpleDbLocal({ port: 0, snapshotFile: file });
    const sdb = sdbClient(first.endpoint);
    await sdb.createDomain({ DomainName: "jobs" }).promise();
    await sdb.createDomain({ DomainName: "empty" }).promise();
    await sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "i",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "a", Value: "2" },
        ],
      })
      .promise();
    await first.close();

    const second = await startSimpleDbLocal({ port: 0, snapshotFile: file });
    try {
      const again = sdbClient(second.endpoint);
      expect((await again.listDomains().promise()).DomainNames).toEqual(["empty", "jobs"]);
      expect(await pairsOf(again, "jobs", "i")).toEqual(["a=1", "a=2"]);
    } finally {
      await second.close();
    }
  });

  it("starts empty when the file does not exist yet", async () => {
    const server = await startSimpleDbLocal({ port: 0, snapshotFile: join(dir, "missing.json") });
    try {
      expect((await sdbClient(server.endpoint).listDomains().promise()).DomainNames ?? []).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("saveSnapshot() writes the current state while running", async () => {
    const file = join(dir, "sdb.json");
    const server = await startSimpleDbLocal({ port: 0, snapshotFile: file });
    try {
      await sdbClient(server.endpoint).createDomain({ DomainName: "jobs" }).promise();
      await server.saveSnapshot();
      const data = JSON.parse(await readFile(file, "utf8")) as { domains: Record<string, unknown> };
      expect(Object.keys(data.domains)).toEqual(["jobs"]);
    } finally {
      await server.close();
    }
  });

  it("with snapshotIntervalMs, writes the snapshot periodically while running", async () => {
    const file = join(dir, "periodic.json");
    const server = await startSimpleDbLocal({ port: 0, snapshotFile: file, snapshotIntervalMs: 50 });
    try {
      await sdbClient(server.endpoint).createDomain({ DomainName: "jobs" }).promise();
      // Several intervals, so one write certainly happened after the domain was created.
      const deadline = Date.now() + 5000;
      let domains: string[] = [];
      while (Date.now() < deadline && !domains.includes("jobs")) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        domains = await readFile(file, "utf8").then(
          (text) => Object.keys((JSON.parse(text) as { domains: Record<string, unknown> }).domains),
          () => [],
        );
      }
      expect(domains).toEqual(["jobs"]);
    } finally {
      await server.close();
    }
  });

  it("refuses to start on a file that is not a snapshot instead of overwriting it", async () => {
    const file = join(dir, "other.json");
    await writeFile(file, JSON.stringify({ hello: "world" }));
    await expect(startSimpleDbLocal({ port: 0, snapshotFile: file })).rejects.toThrow(
      /not a simpledb-local snapshot/,
    );
  });
});
