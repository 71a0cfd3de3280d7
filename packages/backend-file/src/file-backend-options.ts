import type { FsApi } from "./storage/fs-api.js";

/**
 * Options of {@link createFileBackend} (and of `openJobStore("file:<path>", options)`).
 *
 * @public
 */
export interface FileBackendOptions {
  /** The store's directory; relative paths resolve against the current directory. */
  path: string;
  /**
   * A 32-byte AES-256-GCM key. With it, file contents and shared files (unless written with
   * `encrypted: false`) are stored encrypted, as on the other backends (IV ‖ ciphertext ‖ tag); encrypted
   * content is never linked and has no public URL. The key never leaves the process.
   */
  encryptionKey?: Uint8Array;
  /**
   * fsync every file written and the directory entries it depends on before the call returns, so that
   * what a call wrote survives power loss wherever the OS honours fsync. Off by default: each write
   * then costs one to three fsyncs (about 2,800 fsyncs/s on the development machine).
   */
  sync?: boolean;
  /**
   * `readFile` to a path may hard-link the file's content version (immutable, unencrypted) instead of
   * copying it, as Toil's FileJobStore does: the caller must not modify the file it got. Default `true`;
   * `false` always copies (a reflink where the file system can, verified against the checksum).
   */
  hardLinkReads?: boolean;
  /**
   * Leftovers (temp files, claims, unreferenced content) older than this many milliseconds count as
   * abandoned even when their writer cannot be checked (it ran on another host). Default 15 minutes.
   */
  leftoverAgeMs?: number;
  /**
   * Content of at most this many bytes is stored inside its file's record rather than in a content
   * version of its own: a write then makes one new file instead of two, a read opens one file. Such
   * content cannot be hard-linked, so `readFile` to a path copies it (it is small). Default 64 KiB
   * (65536); `0` keeps every version in its own file (every read to a path may then link); at most 1 MiB.
   * Files written with `cleanup: true` are never inline.
   */
  inlineLimit?: number;
  /** The file system calls to make (default: the real `node:fs`); for fault-injection tests. */
  fs?: FsApi;
}
