import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/internal/cli-args.js";
import { sdbClient } from "./helpers.js";

const BIN = fileURLToPath(new URL("../bin/simpledb-local.mjs", import.meta.url));

describe("parseCliArgs", () => {
  it("defaults to port 8000 on 127.0.0.1", () => {
    expect(parseCliArgs([])).toEqual({ kind: "run", options: { port: 8000, host: "127.0.0.1" } });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    const command = parseCliArgs([
      "--port=0",
      "--host",
      "0.0.0.0",
      "--access-key",
      "K",
      "--secret-key=S",
      "--snapshot",
      "db.json",
      "--stale-read-ms",
      "250",
      "--fault-rate",
      "0.1",
      "--seed",
      "3",
    ]);
    expect(command).toEqual({
      kind: "run",
      options: {
        port: 0,
        host: "0.0.0.0",
        credentials: { accessKeyId: "K", secretAccessKey: "S" },
        snapshotFile: "db.json",
        consistency: { staleReadMs: 250 },
        faults: { rate: 0.1, seed: 3 },
      },
    });
  });

  it.each([[["--port", "x"]], [["--access-key", "K"]], [["--bogus"]], [["--fault-rate", "2"]], [["--port"]]])(
    "rejects %j",
    (argv) => {
      expect(() => parseCliArgs(argv)).toThrow();
    },
  );
});

describe("simpledb-local command", () => {
  it("prints the listening line, serves requests, and on SIGTERM saves the snapshot and exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sdb-cli-"));
    const snapshot = join(dir, "sdb.json");
    const child = spawn(
      process.execPath,
      [BIN, "--port", "0", "--host", "127.0.0.1", "--snapshot", snapshot],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let output = "";
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /^simpledb-local listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)));
      });
      await sdbClient(endpoint).createDomain({ DomainName: "jobs" }).promise();
      expect((await sdbClient(endpoint).listDomains().promise()).DomainNames).toEqual(["jobs"]);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
      const saved = JSON.parse(await readFile(snapshot, "utf8")) as { domains: Record<string, unknown> };
      expect(Object.keys(saved.domains)).toEqual(["jobs"]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});

describe("simpledb-local bin script", () => {
  it("runs the built dist/cli.js when it exists, without loading tsx", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sdb-bin-"));
    try {
      await mkdir(join(dir, "bin"));
      await mkdir(join(dir, "dist"));
      await copyFile(BIN, join(dir, "bin", "simpledb-local.mjs"));
      await writeFile(
        join(dir, "dist", "cli.js"),
        'process.stdout.write("built cli " + process.argv.slice(2).join(" "));\n',
      );
      const child = spawn(process.execPath, [join(dir, "bin", "simpledb-local.mjs"), "--port", "0"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const [code] = await once(child, "exit");
      expect([code, output]).toEqual([0, "built cli --port 0"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
