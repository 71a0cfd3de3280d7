import { describe, expect, it } from "vitest";
import { expectCode, openStore } from "./fixtures.js";

const WEEK = 7 * 24 * 3600;

/** A store whose backend records the expiry it was asked for. */
async function urlStore(
  capabilities: { maxPublicUrlSeconds?: number; publicUrls?: "http" | "file" | "none" } = {},
) {
  const asked: number[] = [];
  const fixture = await openStore({
    capabilities,
    overrides: {
      getPublicUrl: async (_id, seconds) => {
        asked.push(seconds);
        return "https://example.invalid/f";
      },
      getSharedPublicUrl: async (_name, seconds) => {
        asked.push(seconds);
        return "https://example.invalid/s";
      },
    },
  });
  return { ...fixture, asked };
}

describe("getPublicUrl expiry", () => {
  it("defaults to one hour", async () => {
    const { store, asked } = await urlStore();
    await store.getPublicUrl("f");
    expect(asked).toEqual([3600]);
  });

  it("accepts exactly one hour and exactly the backend's maximum", async () => {
    const { store, asked } = await urlStore({ maxPublicUrlSeconds: WEEK });
    await store.getPublicUrl("f", { expiresInSeconds: 3600 });
    await store.getPublicUrl("f", { expiresInSeconds: WEEK });
    expect(asked).toEqual([3600, WEEK]);
  });

  it.each([3599, 0, -1, 3600.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "expiresInSeconds %s throws RangeError without I/O",
    async (expiresInSeconds) => {
      const { store, backend } = await urlStore();
      const before = backend.totalCalls();
      await expect(store.getPublicUrl("f", { expiresInSeconds })).rejects.toThrow(RangeError);
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it("above the backend's maximum throws RangeError", async () => {
    const { store } = await urlStore({ maxPublicUrlSeconds: WEEK });
    await expect(store.getPublicUrl("f", { expiresInSeconds: WEEK + 1 })).rejects.toThrow(RangeError);
  });

  it("a backend with no maximum (0) accepts a year", async () => {
    const { store, asked } = await urlStore({ maxPublicUrlSeconds: 0 });
    await store.getPublicUrl("f", { expiresInSeconds: 365 * 24 * 3600 });
    expect(asked).toEqual([365 * 24 * 3600]);
  });

  it("getSharedPublicUrl applies the same bounds", async () => {
    const { store, asked } = await urlStore({ maxPublicUrlSeconds: WEEK });
    await expect(store.getSharedPublicUrl("s", { expiresInSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(store.getSharedPublicUrl("s", { expiresInSeconds: WEEK + 1 })).rejects.toThrow(RangeError);
    await store.getSharedPublicUrl("s");
    expect(asked).toEqual([3600]);
  });
});

describe("getPublicUrl availability", () => {
  it("a backend without public URLs rejects with JOBSTORE_NOT_SUPPORTED without I/O", async () => {
    const { store, backend } = await urlStore({ publicUrls: "none" });
    const before = backend.totalCalls();
    await expectCode(store.getPublicUrl("f"), "JOBSTORE_NOT_SUPPORTED");
    await expectCode(store.getSharedPublicUrl("s"), "JOBSTORE_NOT_SUPPORTED");
    expect(backend.totalCalls()).toBe(before);
  });

  it("the empty ID rejects with JOBSTORE_NO_SUCH_FILE without I/O", async () => {
    const { store, backend } = await urlStore();
    const before = backend.totalCalls();
    await expectCode(store.getPublicUrl(""), "JOBSTORE_NO_SUCH_FILE");
    expect(backend.totalCalls()).toBe(before);
  });

  it("a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.getPublicUrl("missing"), "JOBSTORE_NO_SUCH_FILE");
    await expectCode(store.getSharedPublicUrl("missing"), "JOBSTORE_NO_SUCH_FILE");
  });
});

describe("shared file encryption", () => {
  /** The `encrypted` flag the backend received for one write. */
  async function writtenEncrypted(keyConfigured: boolean, encrypted?: boolean): Promise<boolean | undefined> {
    const { store, backend } = await openStore({ capabilities: { encryption: keyConfigured } });
    const options = encrypted === undefined ? {} : { encrypted };
    await store.writeSharedFileStream("secret.txt", (w) => void w.end("x"), options);
    return backend.state.shared.get("secret.txt")?.encrypted;
  }

  it("omitted means encrypted exactly when a key is configured", async () => {
    expect(await writtenEncrypted(false)).toBe(false);
    expect(await writtenEncrypted(true)).toBe(true);
  });

  it("false stores in the clear even with a key", async () => {
    expect(await writtenEncrypted(true, false)).toBe(false);
  });

  it("true with a key encrypts", async () => {
    expect(await writtenEncrypted(true, true)).toBe(true);
  });

  it("true without a key rejects with JOBSTORE_ENCRYPTION without I/O", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expectCode(
      store.writeSharedFileStream("secret.txt", (w) => void w.end("x"), { encrypted: true }),
      "JOBSTORE_ENCRYPTION",
    );
    expect(backend.totalCalls()).toBe(before);
  });
});
