import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";

/** The file whose presence makes a directory a store; it also records the layout's format. */
export const MARKER = "jobstore.json";
/** What the marker holds. */
export const MARKER_CONTENT = `${JSON.stringify({ format: "@jobstore/backend-file", version: 1 })}\n`;

/** The directories of a store, relative to its root (the README documents them). */
export const DIRS = {
  jobs: "jobs",
  files: "files",
  content: "content",
  cleanup: "cleanup",
  shared: "shared",
  logs: "logs",
  unread: "logs/unread",
  read: "logs/read",
  tmp: "tmp",
} as const;

/** Every top-level name a store (or a half-created or half-destroyed one) may contain. */
export const TOP_LEVEL: ReadonlySet<string> = new Set([
  MARKER,
  "jobs",
  "files",
  "content",
  "cleanup",
  "shared",
  "logs",
  "tmp",
]);

// Lowercase only: a case-insensitive file system (macOS, some NFS exports) must not merge two IDs.
const DIRECT = /^[a-z0-9_-][a-z0-9_.-]{0,99}$/;

/**
 * The file name an ID (or a shared file name) is stored under: the ID itself when it is short, lowercase
 * and harmless (UUIDs are), otherwise `~` and the SHA-256 of its UTF-16 code units. `~` is outside the
 * direct alphabet, so the mapping is one-to-one; hashing code units (not UTF-8) keeps lone surrogates
 * apart; and no ID, whatever it holds (`..`, `/`, NUL, 1 MB), ever becomes more than one path segment.
 */
export function safeName(id: string): string {
  return DIRECT.test(id) ? id : `~${createHash("sha256").update(id, "utf16le").digest("hex")}`;
}

/** A short, stable tag of this host, so that temp files say which host's processes may own them. */
export const HOST_TAG = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

const TEMP_NAME = /^([0-9a-f]{8})-(\d+)-/;

/** A fresh temp file name: `<host>-<pid>-<uuid><suffix>`, so a reader can tell whose it is. */
export function tempName(suffix = ""): string {
  return `${HOST_TAG}-${process.pid}-${randomUUID()}${suffix}`;
}

/** The owner of a temp file or claim named by {@link tempName}, when the name says. */
export function tempOwner(name: string): { host: string; pid: number } | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? { host: match[1]!, pid: Number(match[2]) } : undefined;
}

/** Whether a process of this host is alive (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A content version's token: fresh for every write, so a version's name is never reused. */
export function newToken(): string {
  return randomUUID().replaceAll("-", "");
}

const TOKEN = /^[0-9a-f]{32}$/;

/** Whether a string read from a record can be a token (a tampered record must not name a path). */
export function isToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN.test(value);
}

/** Paths of one store. */
export interface Layout {
  readonly root: string;
  readonly marker: string;
  readonly tmp: string;
  job(jobId: string): string;
  record(fileId: string): string;
  claim(fileId: string, gen: number): string;
  shared(name: string): string;
  /** Where the content of a file version lives: under its job's cleanup directory when it has one. */
  content(fileName: string, token: string, cleanupJob: string | undefined): string;
  sharedContent(sharedName: string, token: string): string;
  cleanupDir(jobId: string): string;
  temp(suffix?: string): string;
}

/** The paths of the store at `root` (absolute). */
export function layoutOf(root: string): Layout {
  const under = (dir: string) => join(root, dir);
  const jobs = under(DIRS.jobs);
  const files = under(DIRS.files);
  const content = under(DIRS.content);
  const cleanup = under(DIRS.cleanup);
  const shared = under(DIRS.shared);
  const tmp = under(DIRS.tmp);
  return {
    root,
    marker: under(MARKER),
    tmp,
    job: (jobId) => join(jobs, safeName(jobId)),
    record: (fileId) => join(files, safeName(fileId)),
    claim: (fileId, gen) => join(files, `${safeName(fileId)}#${gen}`),
    shared: (name) => join(shared, safeName(name)),
    content: (fileName, token, cleanupJob) =>
      cleanupJob === undefined
        ? join(content, `${fileName}@${token}`)
        : join(cleanup, safeName(cleanupJob), `${fileName}@${token}`),
    sharedContent: (sharedName, token) => join(shared, `${sharedName}@${token}`),
    cleanupDir: (jobId) => join(cleanup, safeName(jobId)),
    temp: (suffix) => join(tmp, tempName(suffix)),
  };
}
