import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, openSync } from "node:fs";
import { commitContent } from "./content.js";
import { fill, readAt } from "./local-files.js";
import { CONTENT_DIR, type ContentRecord, type StoreState } from "./store-registry.js";

/** Growth step for a local file longer than `fstat` said (a file being appended to, `/proc`). */
const TAIL_CHUNK = 64 * 1024;

/** The buffer memfs keeps for a volume path (its `Node.buf`, public in memfs's types). */
function volumeBuffer(store: StoreState, path: string): Buffer {
  return store.volume._core.getResolvedLinkOrThrow(path).getNode().buf as Buffer;
}

/**
 * Stores a local file unencrypted as a new committed version with one copy: the volume file is sized
 * first (`ftruncate`), then the kernel reads the local file straight into the buffer memfs keeps for it,
 * with no buffer of our own in between and no second copy into the volume. A file longer than `fstat`
 * said is read on to its end. Staged at its final path, as streamed writes are: no record points there
 * until the caller commits it.
 */
export async function commitLocalFile(store: StoreState, localPath: string): Promise<ContentRecord> {
  const fs = store.fs;
  const temp = `${CONTENT_DIR}/${randomUUID()}`;
  const local = openSync(localPath, "r");
  const volumeFd = fs.openSync(temp, "w");
  try {
    // One byte more than stated: for a regular file a short read is the end, so one read suffices.
    const want = fstatSync(local).size + 1;
    fs.ftruncateSync(volumeFd, want);
    const target = volumeBuffer(store, temp).subarray(0, want);
    let size = 0;
    for (let n = -1; n !== 0 && size < want; size += n) n = await readAt(local, target, size, size);
    if (size === want) size += await readTail(store, local, volumeFd, size);
    else fs.ftruncateSync(volumeFd, size);
    fs.closeSync(volumeFd);
    return commitContent(store, { temp, size, encrypted: false });
  } catch (err) {
    try {
      fs.closeSync(volumeFd);
    } catch {
      // closed already, before the rename failed
    }
    fs.rmSync(temp, { force: true });
    throw err;
  } finally {
    closeSync(local);
  }
}

/** Appends whatever the local file holds past `position`; returns how many bytes that was. */
async function readTail(
  store: StoreState,
  local: number,
  volumeFd: number,
  position: number,
): Promise<number> {
  let added = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(TAIL_CHUNK);
    const n = await fill(local, chunk, position + added);
    if (n === 0) return added;
    store.fs.writeSync(volumeFd, chunk, 0, n, position + added);
    added += n;
    if (n < TAIL_CHUNK) return added;
  }
}
