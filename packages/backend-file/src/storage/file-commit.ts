import type { FileWriteMeta } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { damagedError, fileError, isMissing } from "../errors.js";
import { claimSuccessor } from "./claims.js";
import { placeContent, type Staged } from "./content.js";
import { install, removeQuietly, writeTemp } from "./io.js";
import { newToken, safeName } from "./layout.js";
import {
  encodeRecord,
  type FileRecord,
  fileContentPath,
  fileLabel,
  readRecord,
  readRecordHeader,
  removeVersionContent,
  WRITER,
} from "./records.js";

function noSuchFile(fileId: string) {
  return fileError("JOBSTORE_NO_SUCH_FILE", `${fileLabel(fileId)} does not exist`);
}

/** Reads a file's record, inline content included. @throws `JOBSTORE_NO_SUCH_FILE` when there is none. */
async function requireRecord(ctx: StoreContext, fileId: string): Promise<FileRecord> {
  const record = await readRecord(ctx, ctx.layout.record(fileId), fileId, fileLabel(fileId));
  if (!record) throw noSuchFile(fileId);
  return record;
}

/**
 * Reads a file's record without its inline content (what an update needs to know of the version it
 * replaces). @throws `JOBSTORE_NO_SUCH_FILE` when there is none.
 */
export async function requireRecordHeader(ctx: StoreContext, fileId: string): Promise<FileRecord> {
  const record = await readRecordHeader(ctx, ctx.layout.record(fileId), fileId, fileLabel(fileId));
  if (!record) throw noSuchFile(fileId);
  return record;
}

function versionOf(
  ctx: StoreContext,
  base: Omit<FileRecord, "token" | "size" | "sha256" | "encrypted" | "writer">,
  staged: Staged,
): FileRecord {
  // A cleanup file's content must be a file under its job's directory: deleteJob finds it there.
  const inline = staged.body !== undefined && !base.cleanup;
  return {
    ...base,
    token: newToken(),
    size: staged.size,
    sha256: staged.sha256,
    // Set even when undefined: a previous version's sums must never carry over.
    crc32: staged.crc32,
    encrypted: staged.encrypted,
    ...(staged.encrypted && ctx.keyId ? { keyId: ctx.keyId } : { keyId: undefined }),
    writer: WRITER,
    inline: inline || undefined,
    body: inline ? staged.body : undefined,
  };
}

/** Places a version's content file (none for inline content); resolves to its path, if any. */
async function placeVersion(
  ctx: StoreContext,
  record: FileRecord,
  staged: Staged,
): Promise<string | undefined> {
  if (record.body) return undefined;
  const contentPath = fileContentPath(ctx, record);
  await placeContent(ctx, staged, contentPath);
  return contentPath;
}

/**
 * Makes staged content a new file: content renamed to its immutable name, then the record renamed into
 * place. An ID this handle just minted cannot have a previous version, so that is all; any other ID
 * (a copied store's) may, and its previous content is removed after the switch.
 */
export async function commitNewFile(
  ctx: StoreContext,
  fileId: string,
  staged: Staged,
  meta: FileWriteMeta,
): Promise<void> {
  const fresh = ctx.minted.delete(fileId);
  const cleanup = meta.cleanup && meta.jobId !== undefined;
  const record = versionOf(
    ctx,
    {
      id: fileId,
      gen: 1,
      executable: meta.executable,
      cleanup,
      ...(meta.jobId !== undefined ? { jobId: meta.jobId } : {}),
      ...(meta.basename !== undefined ? { basename: meta.basename } : {}),
    },
    staged,
  );
  const contentPath = await placeVersion(ctx, record, staged);
  try {
    const previous = fresh
      ? undefined
      : await readRecordHeader(ctx, ctx.layout.record(fileId), fileId, fileLabel(fileId));
    if (previous) record.gen = previous.gen + 1;
    await install(ctx, await writeTemp(ctx, encodeRecord(record)), ctx.layout.record(fileId));
    // Inline content may have been put in a file too (for a public URL or a symbolic link).
    if (previous) await removeVersionContent(ctx, previous, fileContentPath(ctx, previous));
  } catch (err) {
    if (contentPath) await removeQuietly(ctx.fs, contentPath);
    throw err;
  }
}

/**
 * Replaces the content of a file whose record was `previous` when the write began. The successor is
 * claimed first (see {@link claimSuccessor}), then the record is checked to still be `previous`, then
 * switched by rename: a writer that read the same version, or an older one, gets
 * `JOBSTORE_CONCURRENT_MODIFICATION`, and a crash at any point leaves the old or the new record, each
 * pointing at whole content.
 *
 * @throws `JOBSTORE_CONCURRENT_MODIFICATION`, `JOBSTORE_NO_SUCH_FILE` (deleted meanwhile).
 */
export async function switchFileVersion(
  ctx: StoreContext,
  previous: FileRecord,
  staged: Staged,
): Promise<void> {
  const fileId = previous.id;
  const label = fileLabel(fileId);
  const record = versionOf(ctx, { ...previous, gen: previous.gen + 1 }, staged);
  const contentPath = await placeVersion(ctx, record, staged);
  let tempRecord: string | undefined;
  try {
    tempRecord = await writeTemp(ctx, encodeRecord(record));
    const claim = await claimSuccessor(ctx, tempRecord, record.token, fileId, record.gen, label);
    try {
      const current = await readRecordHeader(ctx, ctx.layout.record(fileId), fileId, label);
      if (!current) throw noSuchFile(fileId);
      if (current.token !== previous.token) {
        throw fileError(
          "JOBSTORE_CONCURRENT_MODIFICATION",
          `${label} was changed by another write while this one was in progress`,
        );
      }
      await install(ctx, tempRecord, ctx.layout.record(fileId));
      tempRecord = undefined;
    } finally {
      await removeQuietly(ctx.fs, claim);
    }
  } catch (err) {
    if (tempRecord) await removeQuietly(ctx.fs, tempRecord);
    if (contentPath) await removeQuietly(ctx.fs, contentPath);
    throw err;
  }
  await removeVersionContent(ctx, previous, fileContentPath(ctx, previous));
}

/**
 * Reads a file's record and opens its content with `open`. When the content is gone between the two
 * reads (a concurrent update or delete removed that version) the record is read again, so a file that
 * exists is never reported missing because it was replaced.
 */
export async function withCurrentContent<T>(
  ctx: StoreContext,
  fileId: string,
  open: (record: FileRecord, path: string) => Promise<T>,
): Promise<T> {
  let lastToken: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await requireRecord(ctx, fileId);
    try {
      return await open(record, fileContentPath(ctx, record));
    } catch (err) {
      if (!isMissing(err)) throw err;
      if (record.token === lastToken) break;
      lastToken = record.token;
    }
  }
  throw damagedError(`${fileLabel(fileId)}: its record names content that is missing (${safeName(fileId)})`);
}
