import { randomUUID } from "node:crypto";
import { type IFs, memfs, type Volume } from "memfs";
import { memoryError } from "../errors.js";

/**
 * Where content lives in a store's volume; one path per content version, written once. A path becomes
 * visible only when a record points at it (the commit), so writes in progress are staged here too.
 */
export const CONTENT_DIR = "/content";

/** One committed version of a file's content in the volume. */
export interface ContentRecord {
  /** The volume path of this version; never reused, so an open reader keeps reading it. */
  path: string;
  /** Plaintext size in bytes. */
  size: number;
  /** Stored as IV + AES-256-GCM ciphertext + tag. */
  encrypted: boolean;
  /** Bumped by every committed write; an update that started on an older one lost a race. */
  version: number;
  /**
   * The version's stored bytes (IV + ciphertext + tag when encrypted): a view of the buffer memfs keeps
   * for `path`, taken at the commit, so a read needs no path walk. Never written again (see `contentView`).
   */
  stored: Buffer;
}

/** A job file: its content plus what `writeFile` recorded. */
export interface FileRecord extends ContentRecord {
  jobId: string | undefined;
  cleanup: boolean;
  executable: boolean;
  basename: string | undefined;
}

/** Everything one named memory store holds, shared by every handle opened on its name. */
export interface StoreState {
  readonly name: string;
  /** Unique per creation, so a store re-created under the same name never sees the old one's leftovers. */
  readonly incarnation: string;
  readonly fs: IFs;
  /** The volume behind `fs`, for read-only views of committed content (see `contentView`). */
  readonly volume: Volume;
  /** Jobs as JSON text: loads hand out fresh objects, and the caller's object never leaks in. */
  readonly jobs: Map<string, string>;
  readonly files: Map<string, FileRecord>;
  readonly shared: Map<string, ContentRecord>;
  readonly logs: { read: Buffer[]; unread: Buffer[] };
  /** Temp directory of public URL copies, once one was made. */
  publicDir: string | undefined;
  nextVersion: number;
}

/**
 * The `process` memfs sees: the real uid and gid, read once. memfs asks for them on every path walk
 * (`process.getuid()` is a syscall each time: half the time of a `deleteFile` in a profile); they do not
 * change under a running store that only this process can see. cwd `/` and POSIX paths on every platform.
 */
const VOLUME_PROCESS = (() => {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return {
    getuid: () => uid,
    getgid: () => gid,
    cwd: () => "/",
    platform: "linux",
    emitWarning: (message: string, type: string) => process.emitWarning(message, type),
    env: {},
  };
})();

// Module-level on purpose: two backends created with one name in one process are two handles on one
// store, as two processes would see one AWS store.
const stores = new Map<string, StoreState>();

/** The store of that name, if it exists. */
export function findStore(name: string): StoreState | undefined {
  return stores.get(name);
}

/**
 * The store of that name; rejects as AWS would once the storage is gone.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_STORE`
 */
export function requireStore(name: string): StoreState {
  const store = stores.get(name);
  if (!store) {
    throw memoryError("JOBSTORE_NO_SUCH_STORE", `the memory store ${JSON.stringify(name)} does not exist`);
  }
  return store;
}

/**
 * Creates the store of that name.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_EXISTS`
 */
export function createStore(name: string): StoreState {
  if (stores.has(name)) {
    throw memoryError("JOBSTORE_EXISTS", `the memory store ${JSON.stringify(name)} exists already`);
  }
  const { fs, vol: volume } = memfs({}, { cwd: "/", process: VOLUME_PROCESS });
  fs.mkdirSync(CONTENT_DIR, { recursive: true });
  const store: StoreState = {
    name,
    incarnation: randomUUID(),
    fs,
    volume,
    jobs: new Map(),
    files: new Map(),
    shared: new Map(),
    logs: { read: [], unread: [] },
    publicDir: undefined,
    nextVersion: 1,
  };
  stores.set(name, store);
  return store;
}

/** Forgets the store of that name and returns what it held (undefined when there was none). */
export function removeStore(name: string): StoreState | undefined {
  const store = stores.get(name);
  stores.delete(name);
  return store;
}
