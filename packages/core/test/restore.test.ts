import { describe, expect, it } from "vitest";
import { collect, expectCode, openStore } from "./fixtures.js";
import { readAll } from "./stub-backend.js";

describe("restoreFileStream", () => {
  it("stores the content under the given ID with the given metadata", async () => {
    const { store, backend } = await openStore();
    await store.restoreFileStream("old/ID-42", (w) => void w.end("kept"), {
      jobId: "j",
      cleanup: true,
      executable: true,
      basename: "run.sh",
    });
    expect((await readAll(await store.readFileStream("old/ID-42"))).toString()).toBe("kept");
    expect(backend.state.files.get("old/ID-42")).toMatchObject({
      jobId: "j",
      cleanup: true,
      executable: true,
      basename: "run.sh",
    });
    expect(backend.calls.get("newFileId")).toBeUndefined();
  });

  it("rejects with JOBSTORE_EXISTS when the ID is taken, leaving the content", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream((w) => void w.end("original"));
    await expectCode(
      store.restoreFileStream(fileId, (w) => void w.end("other")),
      "JOBSTORE_EXISTS",
    );
    expect((await readAll(await store.readFileStream(fileId))).toString()).toBe("original");
  });

  it("an ID over capabilities.maxIdBytes rejects with JOBSTORE_INVALID_NAME without I/O", async () => {
    const { store, backend } = await openStore({ capabilities: { maxIdBytes: 10 } });
    const before = backend.totalCalls();
    await expectCode(
      store.restoreFileStream("x".repeat(11), (w) => void w.end("")),
      "JOBSTORE_INVALID_NAME",
    );
    await expectCode(
      store.restoreFileStream("\uD800", (w) => void w.end("")),
      "JOBSTORE_INVALID_NAME",
    );
    await expectCode(
      store.restoreFileStream("", (w) => void w.end("")),
      "JOBSTORE_INVALID_NAME",
    );
    expect(backend.totalCalls()).toBe(before);
  });

  it("a callback that rejects stores nothing and the call rejects with its error", async () => {
    const { store } = await openStore();
    const boom = new Error("boom");
    await expect(
      store.restoreFileStream("r", async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.fileExists("r")).toBe(false);
  });

  it("deleteJob removes a restored cleanup file of that job", async () => {
    const { store } = await openStore();
    await store.createJob({ jobStoreId: "owner" });
    await store.restoreFileStream("r", (w) => void w.end("x"), { jobId: "owner", cleanup: true });
    await store.deleteJob("owner");
    expect(await collect(store.listFiles())).toEqual([]);
  });
});
