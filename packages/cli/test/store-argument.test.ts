import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, resumed, run, seedStore } from "./harness.js";

describe("the store as the first argument", () => {
  it("status, jobs, logs and gc take it as -s would", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    for (const command of ["status", "jobs", "logs", "gc"]) {
      const byArgument = await run([command, store, "--json"]);
      const byOption = await run([command, "-s", store, "--json"]);
      expect(byArgument.code, command).toBe(EXIT_CODES.OK);
      expect(byArgument.stdout, command).toBe(byOption.stdout);
    }
    expect(JSON.parse((await run(["status", store, "--json"])).stdout).workflowId).toBe(seeded.workflowId);
  });

  it("cat takes the store before the file; one argument alone is the file", async () => {
    const store = memoryLocator();
    const seeded = await seedStore(store);
    const both = await run(["cat", store, seeded.textFileId]);
    expect(both.code).toBe(EXIT_CODES.OK);
    expect(both.stdout).toBe("hello from the workflow\n");
    const alone = await run(["cat", seeded.textFileId], { env: { JOBSTORE_STORE: store } });
    expect(alone.stdout).toBe("hello from the workflow\n");
  });

  it("destroy takes it as its argument", async () => {
    const store = memoryLocator();
    await seedStore(store);
    expect((await run(["destroy", store, "--yes"])).code).toBe(EXIT_CODES.OK);
    expect((await run(["status", store])).code).toBe(EXIT_CODES.NO_SUCH_STORE);
  });

  it("wins over $JOBSTORE_STORE and the default", async () => {
    const [store, other] = [memoryLocator(), memoryLocator()];
    const seeded = await seedStore(store);
    const { code, stdout } = await run(["status", store, "--json"], { env: { JOBSTORE_STORE: other } });
    expect(code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(stdout).workflowId).toBe(seeded.workflowId);
  });

  it("may be given twice when both name the same store", async () => {
    const store = memoryLocator();
    await seedStore(store);
    expect((await run(["status", store, "-s", store])).code).toBe(EXIT_CODES.OK);
  });

  it("exits 2 with one line naming both when the argument and -s differ, and opens neither", async () => {
    const [store, other] = [memoryLocator(), memoryLocator()];
    await seedStore(store);
    for (const args of [
      ["status", store, "-s", other],
      ["destroy", store, "-s", other, "--yes"],
      ["cat", other, "config.json", "-s", store],
    ]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(" ")).toBe(EXIT_CODES.USAGE);
      expect(stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(stderr, args.join(" ")).toContain(store);
      expect(stderr, args.join(" ")).toContain(other);
    }
    const still = await resumed(store);
    await still.close();
  });

  it("exits 2 on a third argument", async () => {
    const store = memoryLocator();
    await seedStore(store);
    const { code, stderr } = await run(["status", store, "extra"]);
    expect(code).toBe(EXIT_CODES.USAGE);
    expect(stderr).toContain("too many arguments");
  });
});
