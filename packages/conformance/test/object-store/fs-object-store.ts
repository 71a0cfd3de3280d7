// The reference ObjectStore of describeObjectStore's self-test: a small adapter over a local directory,
// correct on purpose, so that the failures the broken adapters (broken-object-store.ts) cause are theirs.
// Test code only. It keeps its promises across processes, as the race checks need: every write or
// delete of a key holds a lock file created with O_EXCL (`wx`), and objects are replaced by rename(2),
// so readers see a whole old or a whole new version. No vitest here: racer processes import it.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type IncompleteUpload,
  isObjectStoreError,
  type ObjectInfo,
  type ObjectStore,
  type ObjectStoreCapabilities,
  ObjectStoreError,
  type WriteCondition,
  type WriteOutcome,
} from "@jobstore/object-store";
import {
  chunked,
  fileName,
  hexOf,
  isCode,
  keyOf,
  type PresignServer,
  pages,
  slice,
  startPresignServer,
} from "./fs-object-store-parts.js";

/** The factory's config: the directory that holds every container (one subdirectory each). */
export interface FsObjectStoreConfig {
  root: string;
}

// Small pages and batches, so that the suite crosses their boundaries with a few dozen objects.
const CAPABILITIES: ObjectStoreCapabilities = Object.freeze({
  tagFormat: "random hex (32 characters)",
  minPartSize: 1024,
  maxPartSize: 64 * 1024 * 1024,
  maxParts: 1000,
  deleteBatchSize: 5,
  listPageSize: 7,
  maxPresignSeconds: 3600,
  maxCopyBytes: 0,
  incompleteUploadExpiryDays: 0,
  ifMatchAny: true,
  conditionalDelete: true,
  conditionalComplete: true,
  externalSchemes: Object.freeze([]),
});
/** An object file is its tag, a newline, then its bytes. */
const TAG_LENGTH = 32;
const HEADER = TAG_LENGTH + 1;
/** Lock attempts before a write gives up (about 10 s): a bound, not a retry policy. */
const LOCK_ATTEMPTS = 4000;

const newTag = () => randomBytes(TAG_LENGTH / 2).toString("hex");

/** The reference adapter on `<root>/<container>`. */
export function createFsObjectStore(container: string, config: unknown): ObjectStore {
  const { root } = config as FsObjectStoreConfig;
  const base = join(root, container);
  const at = (...parts: string[]) => join(base, ...parts);
  const objectPath = (key: string) => at("objects", fileName(key));
  let server: Promise<PresignServer> | undefined;

  function check(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) throw new ObjectStoreError("aborted", `${what}: the signal fired`);
  }

  /** Runs `fn` on an existing container and classifies whatever it throws. */
  async function run<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    check(signal, what);
    try {
      await stat(base);
      return await fn();
    } catch (err) {
      if (isObjectStoreError(err)) throw err;
      const gone = await stat(base).then(
        () => false,
        () => true,
      );
      throw new ObjectStoreError(gone ? "no-container" : "other", `${what} in ${base}: ${String(err)}`, {
        cause: err,
      });
    }
  }

  /**
   * As `run`, but a missing container answers as an absent object would: the contract allows it for
   * `head` and deletes, S3 does it, and the generic backend's `initialize` and `destroy` rely on it.
   */
  async function runOrAbsent<T>(
    what: string,
    signal: AbortSignal | undefined,
    absent: T,
    fn: () => Promise<T>,
  ) {
    try {
      return await run(what, signal, fn);
    } catch (err) {
      if (isObjectStoreError(err, "no-container")) return absent;
      throw err;
    }
  }

  async function readObject(key: string): Promise<{ tag: string; body: Buffer; mtime: Date } | undefined> {
    try {
      const [bytes, info] = await Promise.all([readFile(objectPath(key)), stat(objectPath(key))]);
      return {
        tag: bytes.subarray(0, TAG_LENGTH).toString(),
        body: bytes.subarray(HEADER),
        mtime: info.mtime,
      };
    } catch (err) {
      if (isCode(err, "ENOENT")) return undefined;
      throw err;
    }
  }

  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lock = at("locks", fileName(key));
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(dirname(lock), { recursive: true });
        await writeFile(lock, String(process.pid), { flag: "wx" });
        break;
      } catch (err) {
        if (!isCode(err, "EEXIST")) throw err;
        if (attempt >= LOCK_ATTEMPTS)
          throw new ObjectStoreError("transient", `write ${key}: locked too long`);
        await sleep(1 + Math.random() * 4);
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(lock).catch(() => {});
    }
  }

  /** Writes `body` as `key` under `condition`, atomically with respect to every other writer. */
  function commit(key: string, body: Buffer, condition: WriteCondition, signal?: AbortSignal) {
    return withLock(key, async (): Promise<WriteOutcome> => {
      const current = (await readObject(key))?.tag;
      if (condition && "ifNoneMatch" in condition && current !== undefined) {
        return { written: false, lost: "exists", uncertain: false };
      }
      if (
        condition &&
        "ifMatch" in condition &&
        (current === undefined || !["*", current].includes(condition.ifMatch))
      ) {
        return { written: false, lost: "changed", uncertain: false };
      }
      check(signal, `write ${key}`);
      const tag = newTag();
      const tmp = at("tmp", randomUUID());
      await writeFile(tmp, Buffer.concat([Buffer.from(`${tag}\n`), body]));
      await mkdir(dirname(objectPath(key)), { recursive: true });
      await rename(tmp, objectPath(key));
      return { written: true, tag };
    });
  }

  async function uploadDir(key: string, uploadId: string): Promise<string> {
    const dir = at("uploads", uploadId.replace(/[^0-9a-f-]/g, "_"));
    const owner = await readFile(join(dir, "key"), "utf8").catch(() => undefined);
    if (owner !== key) throw new ObjectStoreError("missing", `upload ${uploadId} of ${key} does not exist`);
    return dir;
  }

  const store: ObjectStore = {
    name: "fs-reference",
    container,
    capabilities: CAPABILITIES,
    describe: async () => `directory ${base}`,

    get: (key, o) =>
      run(`read ${key}`, o.signal, async () => {
        const found = await readObject(key);
        return found && { body: slice(found.body, o.range, key), tag: found.tag, size: found.body.length };
      }),

    async open(key, o) {
      const found = await store.get(key, o);
      return found && { body: chunked(found.body, key, o.signal), tag: found.tag, size: found.size };
    },

    head: (key, o) =>
      runOrAbsent(`head ${key}`, o.signal, undefined, async () => {
        const found = await readObject(key);
        return found && { key, tag: found.tag, size: found.body.length, lastModified: found.mtime };
      }),

    async *list(prefix, o) {
      const names = await run(`list ${prefix}`, o.signal, () => readdir(at("objects"), { recursive: true }));
      const keys = names
        .map(hexOf)
        .filter((hex): hex is string => hex !== undefined)
        .sort()
        .map(keyOf)
        .filter((k) => k.startsWith(prefix));
      for (const page of pages(keys, CAPABILITIES.listPageSize)) {
        const infos = await Promise.all(page.map((key) => store.head(key, o)));
        yield infos.filter((i): i is ObjectInfo => i !== undefined);
      }
    },

    put: (key, body, condition, o) =>
      run(`write ${key}`, o.signal, () => commit(key, body, condition, o.signal)),

    delete: (key, o) =>
      runOrAbsent(`delete ${key}`, o.signal, o.ifMatch === undefined, () =>
        withLock(key, async () => {
          const current = (await readObject(key))?.tag;
          if (o.ifMatch !== undefined && (current === undefined || !["*", current].includes(o.ifMatch)))
            return false;
          check(o.signal, `delete ${key}`);
          await unlink(objectPath(key)).catch((err) => {
            if (!isCode(err, "ENOENT")) throw err;
          });
          return true;
        }),
      ),

    deleteMany: (keys, o) =>
      runOrAbsent(`delete ${keys.length} objects`, o.signal, undefined, async () => {
        for (const key of keys) await store.delete(key, o);
      }),

    beginUpload: (key, o) =>
      run(`begin upload of ${key}`, o.signal, async () => {
        const uploadId = randomUUID();
        const dir = at("uploads", uploadId);
        await mkdir(dir);
        await writeFile(join(dir, "initiated"), new Date().toISOString());
        await writeFile(join(dir, "key"), key);
        return uploadId;
      }),

    uploadPart: (key, uploadId, partNumber, body, o) =>
      run(`upload part ${partNumber} of ${key}`, o.signal, async () => {
        const dir = await uploadDir(key, uploadId);
        const tag = createHash("md5").update(body).digest("hex");
        await writeFile(join(dir, `part-${partNumber}`), Buffer.concat([Buffer.from(`${tag}\n`), body]));
        return { partNumber, tag };
      }),

    completeUpload: (key, uploadId, parts, condition, o) =>
      run(`complete upload of ${key}`, o.signal, async () => {
        const dir = await uploadDir(key, uploadId);
        const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
        const bodies: Buffer[] = [];
        for (const [i, part] of ordered.entries()) {
          const bytes = await readFile(join(dir, `part-${part.partNumber}`)).catch(() => undefined);
          if (!bytes || bytes.subarray(0, TAG_LENGTH).toString() !== part.tag) {
            throw new ObjectStoreError(
              "invalid",
              `complete upload of ${key}: no part ${part.partNumber} with tag ${part.tag}`,
            );
          }
          if (i < ordered.length - 1 && bytes.length - HEADER < CAPABILITIES.minPartSize) {
            throw new ObjectStoreError(
              "invalid",
              `complete upload of ${key}: part ${part.partNumber} is too small`,
            );
          }
          bodies.push(bytes.subarray(HEADER));
        }
        const outcome = await commit(key, Buffer.concat(bodies), condition, o.signal);
        if (outcome.written) await rm(dir, { recursive: true, force: true });
        return outcome;
      }),

    abortUpload: (key, uploadId, o) =>
      run(`abort upload ${uploadId} of ${key}`, o.signal, async () => {
        const dir = await uploadDir(key, uploadId).catch(() => undefined);
        if (dir) await rm(dir, { recursive: true, force: true });
      }),

    async *listUploads(prefix, o) {
      const uploads = await run(`list uploads under ${prefix}`, o.signal, async () => {
        const found: IncompleteUpload[] = [];
        for (const uploadId of await readdir(at("uploads"))) {
          const dir = at("uploads", uploadId);
          const [key, initiated] = await Promise.all([
            readFile(join(dir, "key"), "utf8").catch(() => undefined),
            readFile(join(dir, "initiated"), "utf8").catch(() => undefined),
          ]);
          if (key?.startsWith(prefix))
            found.push({ key, uploadId, initiated: initiated ? new Date(initiated) : undefined });
        }
        return found.sort((a, b) =>
          a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1,
        );
      });
      for (const page of pages(uploads, CAPABILITIES.listPageSize)) {
        check(o.signal, `list uploads under ${prefix}`);
        yield page;
      }
    },

    async createContainer(o) {
      check(o.signal, `create ${base}`);
      await mkdir(root, { recursive: true });
      const created = await mkdir(base).then(
        () => true,
        (err) => {
          if (isCode(err, "EEXIST")) return false;
          throw new ObjectStoreError("other", `create ${base}: ${String(err)}`, { cause: err });
        },
      );
      for (const sub of ["objects", "locks", "tmp", "uploads"]) await mkdir(at(sub), { recursive: true });
      return { created, expiryRuleSet: undefined };
    },

    async destroyContainer(o) {
      check(o.signal, `destroy ${base}`);
      await rm(base, { recursive: true, force: true });
    },

    async presignRead(key, seconds) {
      server ??= startPresignServer(async (name) => (await readObject(name))?.body);
      const lifetime = Math.max(1, Math.min(seconds, CAPABILITIES.maxPresignSeconds));
      return (await server).url(key, lifetime);
    },

    close() {
      server?.then((s) => s.close());
    },
  };
  return store;
}
