import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { collectPages, expectObjectError, randomData, testTimeout } from "../support.js";
import { everyOperation } from "./operations.js";

/** Registers the error classes not covered elsewhere: aborts, and operations on a gone upload. */
export function registerErrorTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);

  describe("errors", () => {
    it(
      'every operation with a fired signal rejects with an ObjectStoreError of kind "aborted" and changes nothing',
      async () => {
        const f = await useObjectStoreFixture(options);
        await f.store.put("ops/k", randomData(10), undefined, {});
        const uploadId = await f.store.beginUpload("ops/up", {});
        const controller = new AbortController();
        controller.abort();
        for (const [name, call] of everyOperation(f.store, { signal: controller.signal }, uploadId)) {
          await expectObjectError(`${name} with a fired signal`, call, "aborted");
        }
        await expectObjectError(
          "createContainer with a fired signal",
          () => f.store.createContainer({ signal: controller.signal }),
          "aborted",
        );
        await expectObjectError(
          "destroyContainer with a fired signal",
          () => f.store.destroyContainer({ signal: controller.signal }),
          "aborted",
        );
        expect(await f.store.head("ops/new", {}), "a put with a fired signal wrote nothing").toBeUndefined();
        expect(await f.store.head("ops/k", {}), "a delete with a fired signal deleted nothing").toBeDefined();
        const uploads = (await collectPages(f.store.listUploads("ops/", {}))).items;
        expect(
          uploads.map((u) => u.uploadId),
          "an abortUpload with a fired signal aborted nothing",
        ).toContain(uploadId);
      },
      timeout,
    );

    it(
      'uploadPart to an aborted upload rejects with an ObjectStoreError of kind "missing"',
      async () => {
        const f = await useObjectStoreFixture(options);
        const uploadId = await f.store.beginUpload("mp/gone", {});
        await f.store.abortUpload("mp/gone", uploadId, {});
        await expectObjectError(
          "uploadPart to an aborted upload",
          () => f.store.uploadPart("mp/gone", uploadId, 1, randomData(10), {}),
          "missing",
        );
      },
      timeout,
    );
  });
}
