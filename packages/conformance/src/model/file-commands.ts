import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobStore } from "@jobstore/core";
import { expectBytes, expectCode, readAllBytes, verifyFile } from "./checks.js";
import { describePayload, type Payload, payloadBytes, writePieces } from "./payload.js";
import { KnownFileCommand } from "./picked-command.js";
import { modelAbandonedFile, modelDeleteFile, modelUpdateFile, modelWriteFile } from "./reference-model.js";
import { StoreCommand } from "./store-command.js";
import { type HandleName, type ModelWorld, pickFrom, type RealWorld } from "./world.js";

/** How content reaches the store: a stream callback, a local path, or `getEmptyFileStoreId`. */
export type WriteVia = "stream" | "path" | "empty";

/** The owner of a new file: the `pick`-th live job, if any job is live when the command runs. */
export interface OwnerSpec {
  readonly pick: number;
  readonly cleanup: boolean;
}

let localFileCounter = 0;

async function localFile(r: RealWorld, bytes: Uint8Array): Promise<string> {
  const path = join(r.tempDir, `local-${++localFileCounter}`);
  await writeFile(path, bytes);
  return path;
}

/** Writes a new file; the ID must be new and the content must read back through both handles. */
export class WriteFileCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly via: WriteVia,
    readonly owner: OwnerSpec | undefined,
    readonly payload: Payload,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const jobId = this.owner ? pickFrom([...m.state.jobs.keys()], this.owner.pick) : undefined;
    const options = jobId ? { jobId, cleanup: this.owner?.cleanup === true } : {};
    const bytes = this.via === "empty" ? Buffer.alloc(0) : payloadBytes(this.payload);
    let fileId: string;
    if (this.via === "empty") fileId = await store.getEmptyFileStoreId(options);
    else if (this.via === "path") fileId = await store.writeFile(await localFile(r, bytes), options);
    else fileId = await store.writeFileStream((w) => writePieces(w, bytes, this.payload.pieces), options);
    r.expect(m.state.knownFileIds, "a new file gets a fresh ID").not.toContain(fileId);
    m.state = modelWriteFile(m.state, fileId, { bytes, jobId, cleanup: options.cleanup === true });
    await verifyFile(r.expect, store, m.state, fileId, true);
    return [fileId];
  }

  protected describe(): string {
    const owner = this.owner ? `, owner: live#${this.owner.pick}${this.owner.cleanup ? " cleanup" : ""}` : "";
    return `writeFile(via ${this.via}, ${this.via === "empty" ? "0B" : describePayload(this.payload)}${owner})`;
  }
}

/** Replaces a known file's content, or rejects with `JOBSTORE_NO_SUCH_FILE` when it is gone. */
export class UpdateFileCommand extends KnownFileCommand {
  constructor(
    handle: HandleName,
    pick: number,
    readonly via: "stream" | "path",
    readonly payload: Payload,
  ) {
    super(handle, pick);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const fileId = this.pickedFile(m);
    const bytes = payloadBytes(this.payload);
    const update =
      this.via === "path"
        ? store.updateFile(fileId, await localFile(r, bytes))
        : store.updateFileStream(fileId, (w) => writePieces(w, bytes, this.payload.pieces));
    if (m.state.files.has(fileId)) {
      await update;
      m.state = modelUpdateFile(m.state, fileId, bytes);
    } else {
      await expectCode(r.expect, update, "JOBSTORE_NO_SUCH_FILE");
    }
    await verifyFile(r.expect, store, m.state, fileId, true);
    return [fileId];
  }

  protected describe(): string {
    return `updateFile(file#${this.pick}, via ${this.via}, ${describePayload(this.payload)})`;
  }
}

/**
 * A stream write or update that fails half-way, by the callback throwing or by the call's signal being
 * aborted: the call rejects (`JOBSTORE_ABORTED` for an abort) and nothing changes — a new file never
 * appears, an existing one keeps its previous content.
 */
export class FailedWriteCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly target: { readonly update: number } | "new",
    readonly how: "throw" | "abort",
    readonly payload: Payload,
  ) {
    super(handle);
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.target === "new" || m.state.knownFileIds.length > 0;
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const bytes = payloadBytes(this.payload);
    const half = Math.floor(bytes.length / 2);
    const controller = new AbortController();
    const signal = controller.signal;
    const failure = new Error("conformance: deliberate write failure");
    const callback = async (w: import("node:stream").Writable) => {
      await writePieces(w, bytes.subarray(0, half), this.payload.pieces);
      if (this.how === "throw") throw failure;
      controller.abort();
      // The rest still arrives: a backend must notice the abort, not just a short stream.
      await writePieces(w, bytes.subarray(half), 1);
    };
    let fileId: string | undefined;
    let call: Promise<unknown>;
    if (this.target === "new") {
      call = store.writeFileStream(
        async (w, id) => {
          fileId = id;
          await callback(w);
        },
        { signal },
      );
    } else {
      fileId = pickFrom(m.state.knownFileIds, this.target.update) as string;
      const live = m.state.files.has(fileId);
      call = store.updateFileStream(fileId, callback, { signal });
      if (!live) {
        await r.expect(call, "an update of a missing file rejects").rejects.toBeDefined();
        return [fileId];
      }
    }
    if (this.how === "abort") await expectCode(r.expect, call, "JOBSTORE_ABORTED");
    else await r.expect(call, "a write whose callback throws rejects").rejects.toBeDefined();
    if (fileId === undefined) return [];
    m.state = modelAbandonedFile(m.state, fileId);
    await verifyFile(r.expect, store, m.state, fileId, true);
    return [fileId];
  }

  protected describe(): string {
    const target = this.target === "new" ? "writeFileStream" : `updateFileStream(file#${this.target.update}`;
    return `${target}${this.target === "new" ? "(" : ", "}${describePayload(this.payload)}, then ${this.how} half-way)`;
  }
}

/** Reads a known file through a stream or into a local path: the model's bytes, or `JOBSTORE_NO_SUCH_FILE`. */
export class ReadFileCommand extends KnownFileCommand {
  constructor(
    handle: HandleName,
    pick: number,
    readonly via: "stream" | "path",
  ) {
    super(handle, pick);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const fileId = this.pickedFile(m);
    const expected = m.state.files.get(fileId);
    const path = join(r.tempDir, `read-${++localFileCounter}`);
    const read = async () => {
      if (this.via === "stream") return readAllBytes(await store.readFileStream(fileId));
      await store.readFile(fileId, path);
      return readFile(path);
    };
    if (expected) expectBytes(r.expect, await read(), expected.bytes, fileId);
    else await expectCode(r.expect, read(), "JOBSTORE_NO_SUCH_FILE");
    r.expect(await store.getFileSize(fileId), `getFileSize(${fileId})`).toBe(expected?.bytes.length ?? 0);
    return [];
  }

  protected describe(): string {
    return `readFile(file#${this.pick}, via ${this.via})`;
  }
}

/** Deletes a known file (idempotent). */
export class DeleteFileCommand extends KnownFileCommand {
  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const fileId = this.pickedFile(m);
    await store.deleteFile(fileId);
    m.state = modelDeleteFile(m.state, fileId);
    await verifyFile(r.expect, store, m.state, fileId, true);
    return [fileId];
  }

  protected describe(): string {
    return `deleteFile(file#${this.pick})`;
  }
}
