import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { digest, expectObjectError, randomData, testTimeout } from "../support.js";
import { everyOperation } from "./operations.js";

/**
 * Operations whose answer to an absent object is a value: on a destroyed container they may give that
 * value (an object in no container is absent; S3's HEAD reply has no body to tell the two apart, and a
 * delete has nothing left to do) or reject with "no-container", but nothing else.
 */
const ABSENCE_VALUES = new Map<string, { value: unknown }>([
  ["head", { value: undefined }],
  ["delete", { value: true }],
  ["deleteMany", { value: undefined }],
]);

async function expectNoContainerOrAbsence(what: string, call: () => Promise<unknown>, value: unknown) {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await call() };
  } catch (error) {
    outcome = { error };
  }
  if ("value" in outcome) expect(outcome.value, `${what}: the absence value`).toEqual(value);
  else {
    const { error } = outcome;
    await expectObjectError(what, () => Promise.reject(error), "no-container");
  }
}

/** Registers container creation and destruction, and the "no-container" kind after destruction. */
export function registerContainerTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);

  describe("containers", () => {
    it(
      "createContainer creates once, then succeeds again without touching the objects",
      async () => {
        const f = await useObjectStoreFixture(options, { create: false });
        expect((await f.store.createContainer({})).created, "the first createContainer").toBe(true);
        const data = randomData(10);
        await f.store.put("k", data, undefined, {});
        const again = await (await f.open()).createContainer({});
        expect(again.created, "createContainer of an existing container").toBe(false);
        const got = await f.store.get("k", {});
        expect(got && digest(got.body), "an object after the second createContainer").toBe(digest(data));
      },
      timeout,
    );

    it(
      "destroyContainer of a missing container succeeds, and of a destroyed one again",
      async () => {
        const f = await useObjectStoreFixture(options, { create: false });
        await f.store.destroyContainer({});
        await f.store.createContainer({});
        await f.store.destroyContainer({});
        await (await f.open()).destroyContainer({});
      },
      timeout,
    );

    it(
      'every operation on a destroyed container rejects with an ObjectStoreError of kind "no-container"',
      async () => {
        const f = await useObjectStoreFixture(options);
        const uploadId = await f.store.beginUpload("ops/up", {});
        await f.store.abortUpload("ops/up", uploadId, {});
        await f.store.destroyContainer({});
        const store = await f.open();
        for (const [name, call] of everyOperation(store, {}, uploadId)) {
          // Operations on a named upload may say the upload is gone instead: both are true.
          if (name === "uploadPart" || name === "completeUpload" || name === "abortUpload") continue;
          const absent = ABSENCE_VALUES.get(name);
          if (absent)
            await expectNoContainerOrAbsence(`${name} on a destroyed container`, call, absent.value);
          else await expectObjectError(`${name} on a destroyed container`, call, "no-container");
        }
      },
      timeout,
    );
  });
}
