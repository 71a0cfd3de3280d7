import type { StoreContext } from "../context.js";
import { damagedError, fileError, isMissing } from "../errors.js";
import { placeContent, type Staged } from "./content.js";
import { install, removeQuietly, writeTemp } from "./io.js";
import { newToken } from "./layout.js";
import {
  encodeRecord,
  type FileRecord,
  readRecord,
  readRecordHeader,
  removeVersionContent,
  sharedContentPath,
  WRITER,
} from "./records.js";

/** How a shared file appears in messages. */
export function sharedLabel(name: string): string {
  return `shared file ${JSON.stringify(name)}`;
}

/**
 * Makes staged content the current version of a shared file: content first, then the record renamed
 * into place (last writer wins, as the contract says for shared files), then the previous content
 * removed.
 */
export async function commitSharedFile(ctx: StoreContext, name: string, staged: Staged): Promise<void> {
  const recordPath = ctx.layout.shared(name);
  const previous = await readRecordHeader(ctx, recordPath, name, sharedLabel(name));
  const record: FileRecord = {
    id: name,
    token: newToken(),
    gen: (previous?.gen ?? 0) + 1,
    size: staged.size,
    sha256: staged.sha256,
    ...(staged.crc32 !== undefined ? { crc32: staged.crc32 } : {}),
    encrypted: staged.encrypted,
    ...(staged.encrypted && ctx.keyId ? { keyId: ctx.keyId } : {}),
    executable: false,
    cleanup: false,
    writer: WRITER,
    ...(staged.body ? { inline: true, body: staged.body } : {}),
  };
  const contentPath = staged.body ? undefined : sharedContentPath(ctx, record);
  if (contentPath) await placeContent(ctx, staged, contentPath);
  try {
    await install(ctx, await writeTemp(ctx, encodeRecord(record)), recordPath);
  } catch (err) {
    if (contentPath) await removeQuietly(ctx.fs, contentPath);
    throw err;
  }
  if (previous) await removeVersionContent(ctx, previous, sharedContentPath(ctx, previous));
}

/** Opens the current version of a shared file with `open`, reading the record again if it moved. */
export async function withSharedContent<T>(
  ctx: StoreContext,
  name: string,
  open: (record: FileRecord, path: string) => Promise<T>,
): Promise<T> {
  let lastToken: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await readRecord(ctx, ctx.layout.shared(name), name, sharedLabel(name));
    if (!record) throw fileError("JOBSTORE_NO_SUCH_FILE", `${sharedLabel(name)} does not exist`);
    try {
      return await open(record, sharedContentPath(ctx, record));
    } catch (err) {
      if (!isMissing(err)) throw err;
      if (record.token === lastToken) break;
      lastToken = record.token;
    }
  }
  throw damagedError(`${sharedLabel(name)}: its record names content that is missing`);
}
