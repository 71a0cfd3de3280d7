import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, openSync } from "node:fs";
import { commitContent } from "./content.js";
import { fill, readAt } from "./local-files.js";
import { CONTENT_DIR, type ContentRecord, type StoreState } from "./store-registry.js";

/** Growth step for a local file longer than `fstat` said (a file being appended to, `/proc`). */
const TAIL_CHUNK = 64 * 1024;

/** A memfs node as this module uses it: `buf` is public; `_setBuf` is memfs's own (see below). */
interface VolumeNode {
  buf: Buffer;
  _setBuf?: (buf: Buffer) => void;
}

/** The node memfs keeps for a volume path (`Volume._core`, public in memfs's types). */
function volumeNode(store: StoreState, path: string): VolumeNode {
  return store.volume._core.getResolvedLinkOrThrow(path).getNode() as unknown as VolumeNode;
}

/** Reads the local file into `target` from its start; returns the bytes read (short at end of file). */
async function readInto(local: number, target: Buffer): Promise<number> {
  let size = 0;
  for (let n = -1; n !== 0 && size < target.length; size += n) n = await readAt(local, target, size, size);
  return size;
}

/**
 * Stores a local file unencrypted as a new committed version with one copy: the kernel reads the local
 * file straight into the buffer the volume keeps, with no second copy. When memfs has `_setBuf` (it
 * does up to at least 4.80), that buffer is a fresh uninitialised one handed to the volume node
 * afterwards; otherwise the volume file is sized first (`ftruncate`, which zero-fills it: a second pass
 * over fresh memory, the larger share of a 16 MiB write here). A file longer than `fstat` said is read
 * on to its end. Staged at its final path, as streamed writes are: no record points there until the
 * caller commits it.
 */
export async function commitLocalFile(store: StoreState, localPath: string): Promise<ContentRecord> {
  const fs = store.fs;
  const temp = `${CONTENT_DIR}/${randomUUID()}`;
  const local = openSync(localPath, "r");
  const volumeFd = fs.openSync(temp, "w");
  try {
    // One byte more than stated: for a regular file a short read is the end, so one read suffices.
    const want = fstatSync(local).size + 1;
    const node = volumeNode(store, temp);
    let size: number;
    if (typeof node._setBuf === "function") {
      // Not pooled: the volume keeps this buffer for as long as the version lives.
      const target = Buffer.allocUnsafeSlow(want);
      size = await readInto(local, target);
      node._setBuf(size === want ? target : target.subarray(0, size));
    } else {
      fs.ftruncateSync(volumeFd, want);
      size = await readInto(local, node.buf.subarray(0, want));
      if (size < want) fs.ftruncateSync(volumeFd, size);
    }
    if (size === want) size += await readTail(store, local, volumeFd, size);
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
