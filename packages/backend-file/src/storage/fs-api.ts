import * as fs from "node:fs";

/**
 * The file system calls the backend makes, as one plain object injected once: the real `node:fs` by
 * default, a wrapper that fails on purpose in fault tests (an `ENOSPC` on the Nth write, say).
 *
 * @remarks
 * Descriptor-based on purpose: each method is one system call, without the per-call bookkeeping of
 * `FileHandle`, so a small write is open + write + close and nothing more. Two implementations:
 * {@link directFs} (the default) and {@link threadPoolFs}.
 * @example
 * ```ts
 * const failing: FsApi = { ...nodeFs, write: async () => { throw Object.assign(new Error("full"), { code: "ENOSPC" }); } };
 * ```
 * @public
 */
export interface FsApi {
  /** `open(2)`; resolves to the descriptor. */
  open(path: string, flags: string | number, mode?: number): Promise<number>;
  /** `close(2)`. */
  close(fd: number): Promise<void>;
  /** `pread(2)`/`read(2)`; resolves to the bytes read. */
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): Promise<number>;
  /** `write(2)`; resolves to the bytes written (possibly fewer than asked). */
  write(fd: number, buffer: Buffer, offset: number, length: number): Promise<number>;
  /**
   * `writev(2)` at the current offset: `buffers` in order, in one call, without joining them first;
   * resolves to the bytes written (possibly fewer than asked).
   */
  writev(fd: number, buffers: readonly Buffer[]): Promise<number>;
  /** `fsync(2)`. */
  fsync(fd: number): Promise<void>;
  /** `rename(2)`: atomic replacement of `to`. */
  rename(from: string, to: string): Promise<void>;
  /** `link(2)`: fails with `EEXIST` when `to` exists (the exclusive create the claims rely on). */
  link(from: string, to: string): Promise<void>;
  /** `symlink(2)`. */
  symlink(target: string, path: string): Promise<void>;
  /** `unlink(2)`. */
  unlink(path: string): Promise<void>;
  /** `mkdir(2)`, or `mkdir -p` with `recursive`. */
  mkdir(path: string, recursive: boolean): Promise<void>;
  /** `rmdir(2)`. */
  rmdir(path: string): Promise<void>;
  /** `rm -rf`. */
  rmTree(path: string): Promise<void>;
  /** The names in a directory. */
  readdir(path: string): Promise<string[]>;
  /** `stat(2)`. */
  stat(path: string): Promise<fs.Stats>;
  /**
   * `stat(2)` as a probe: resolves `false` where nothing is at `path` (`ENOENT`, and `ENOTDIR` for a
   * path through a file) instead of failing, so an expected absence costs no error object (building
   * one is several times the system call here). Other failures reject.
   */
  present(path: string): Promise<boolean>;
  /** `lstat(2)`. */
  lstat(path: string): Promise<fs.Stats>;
  /** `fstat(2)`. */
  fstat(fd: number): Promise<fs.Stats>;
  /** A kernel-side copy (`copy_file_range`, or a reflink with `COPYFILE_FICLONE`). */
  copyFile(from: string, to: string, mode: number): Promise<void>;
  /**
   * `statfs(2)`: the store reads the file system's `type` once when it opens, to know whether a missing
   * name is final there or may be a rename in flight (FUSE, NFS).
   */
  statfs(path: string): Promise<fs.StatsFs>;
}

function isAbsence(err: NodeJS.ErrnoException): boolean {
  return err.code === "ENOENT" || err.code === "ENOTDIR";
}

function statPresent(path: string): boolean {
  try {
    return fs.statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (err) {
    if (isAbsence(err as NodeJS.ErrnoException)) return false;
    throw err;
  }
}

function call<T>(fn: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn((err, value) => (err ? reject(err) : resolve(value as T)));
  });
}

function direct<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => Promise<T> {
  return (...args) => {
    try {
      return Promise.resolve(fn(...args));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

const threadPool: FsApi = {
  open: (path, flags, mode) => call<number>((done) => fs.open(path, flags, mode ?? 0o666, done)),
  close: (fd) => call<void>((done) => fs.close(fd, done)),
  read: (fd, buffer, offset, length, position) =>
    call<number>((done) => fs.read(fd, buffer, offset, length, position, (err, n) => done(err, n))),
  write: (fd, buffer, offset, length) =>
    call<number>((done) => fs.write(fd, buffer, offset, length, null, (err, n) => done(err, n))),
  writev: (fd, buffers) =>
    call<number>((done) => fs.writev(fd, buffers as Buffer[], null, (err, n) => done(err, n))),
  fsync: (fd) => call<void>((done) => fs.fsync(fd, done)),
  rename: (from, to) => call<void>((done) => fs.rename(from, to, done)),
  link: (from, to) => call<void>((done) => fs.link(from, to, done)),
  symlink: (target, path) => call<void>((done) => fs.symlink(target, path, done)),
  unlink: (path) => call<void>((done) => fs.unlink(path, done)),
  mkdir: (path, recursive) => call<void>((done) => fs.mkdir(path, { recursive }, (err) => done(err))),
  rmdir: (path) => call<void>((done) => fs.rmdir(path, done)),
  rmTree: (path) => call<void>((done) => fs.rm(path, { recursive: true, force: true }, done)),
  readdir: (path) => call<string[]>((done) => fs.readdir(path, done)),
  stat: (path) => call<fs.Stats>((done) => fs.stat(path, done)),
  present: (path) =>
    call<boolean>((done) => fs.stat(path, (err) => (err && !isAbsence(err) ? done(err) : done(null, !err)))),
  lstat: (path) => call<fs.Stats>((done) => fs.lstat(path, done)),
  fstat: (fd) => call<fs.Stats>((done) => fs.fstat(fd, done)),
  copyFile: (from, to, mode) => call<void>((done) => fs.copyFile(from, to, mode, done)),
  statfs: (path) => call<fs.StatsFs>((done) => fs.statfs(path, done)),
};

/**
 * Every call on libuv's thread pool: the event loop never waits on the file system, at the price of a
 * thread hand-off per call. For file systems where one call can stall for long (a hard-mounted NFS
 * server that went away).
 *
 * @example
 * ```ts
 * const backend = createFileBackend({ path: "/nfs/run", fs: threadPoolFs });
 * ```
 * @public
 */
export const threadPoolFs: FsApi = Object.freeze(threadPool);

/**
 * The default: each call is made right away on the calling thread (as Python's `os` calls are), which
 * spares the thread hand-off that dominates small operations (several times the cost of the system call
 * itself on a busy machine). Bulk copies (`copyFile`) still run on the thread pool, beside the hashing.
 *
 * @example
 * ```ts
 * const fd = await directFs.open("/tmp/x", "wx", 0o644);
 * ```
 * @public
 */
export const directFs: FsApi = Object.freeze({
  open: direct((path: string, flags: string | number, mode?: number) =>
    fs.openSync(path, flags, mode ?? 0o666),
  ),
  close: direct((fd: number) => fs.closeSync(fd)),
  read: direct((fd: number, buffer: Buffer, offset: number, length: number, position: number | null) =>
    fs.readSync(fd, buffer, offset, length, position),
  ),
  write: direct((fd: number, buffer: Buffer, offset: number, length: number) =>
    fs.writeSync(fd, buffer, offset, length),
  ),
  writev: direct((fd: number, buffers: readonly Buffer[]) => fs.writevSync(fd, buffers as Buffer[])),
  fsync: direct((fd: number) => fs.fsyncSync(fd)),
  rename: direct((from: string, to: string) => fs.renameSync(from, to)),
  link: direct((from: string, to: string) => fs.linkSync(from, to)),
  symlink: direct((target: string, path: string) => fs.symlinkSync(target, path)),
  unlink: direct((path: string) => fs.unlinkSync(path)),
  mkdir: direct((path: string, recursive: boolean) => {
    fs.mkdirSync(path, { recursive });
  }),
  rmdir: direct((path: string) => fs.rmdirSync(path)),
  rmTree: threadPool.rmTree,
  readdir: direct((path: string) => fs.readdirSync(path)),
  stat: direct((path: string) => fs.statSync(path)),
  // `existsSync` answers a hit or a miss without an error object, but says `false` for any failure;
  // a miss is confirmed by `stat`, which still throws for failures other than absence.
  present: direct((path: string) => fs.existsSync(path) || statPresent(path)),
  lstat: direct((path: string) => fs.lstatSync(path)),
  fstat: direct((fd: number) => fs.fstatSync(fd)),
  copyFile: threadPool.copyFile,
  statfs: direct((path: string) => fs.statfsSync(path)),
});

/**
 * The real file system as the backend uses it by default: {@link directFs}.
 *
 * @example
 * ```ts
 * const failing: FsApi = { ...nodeFs, write: async () => { throw Object.assign(new Error("full"), { code: "ENOSPC" }); } };
 * ```
 * @public
 */
export const nodeFs: FsApi = directFs;
