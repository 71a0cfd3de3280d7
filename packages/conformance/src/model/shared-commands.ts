import type { JobStore } from "@jobstore/core";
import { expectBytes, expectCode, readAllBytes } from "./checks.js";
import { describePayload, type Payload, payloadBytes, writePieces } from "./payload.js";
import { modelReadLogs, modelWriteLog, modelWriteShared } from "./reference-model.js";
import { brief, StoreCommand } from "./store-command.js";
import { type HandleName, type ModelWorld, otherHandle, type RealWorld } from "./world.js";

async function verifyShared(m: ModelWorld, r: RealWorld, store: JobStore, name: string): Promise<void> {
  const expected = m.state.shared.get(name);
  if (expected)
    expectBytes(r.expect, await readAllBytes(await store.readSharedFileStream(name)), expected, name);
  else await expectCode(r.expect, store.readSharedFileStream(name), "JOBSTORE_NO_SUCH_FILE");
}

async function verifySharedBothHandles(
  m: ModelWorld,
  r: RealWorld,
  handle: HandleName,
  name: string,
): Promise<void> {
  await verifyShared(m, r, r.handles[handle], name);
  await verifyShared(m, r, r.handles[otherHandle(handle)], name);
}

/** Creates or replaces a shared file, or fails half-way and leaves the previous content. */
export class WriteSharedCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly name: string,
    readonly payload: Payload,
    readonly fails: boolean,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const bytes = payloadBytes(this.payload);
    const failure = new Error("conformance: deliberate shared write failure");
    const call = store.writeSharedFileStream(this.name, async (w) => {
      await writePieces(
        w,
        this.fails ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes,
        this.payload.pieces,
      );
      if (this.fails) throw failure;
    });
    if (this.fails)
      await r.expect(call, "a shared write whose callback throws rejects").rejects.toBeDefined();
    else {
      await call;
      m.state = modelWriteShared(m.state, this.name, bytes);
    }
    await verifySharedBothHandles(m, r, this.handle, this.name);
    return [];
  }

  protected describe(): string {
    return `writeSharedFileStream(${JSON.stringify(this.name)}, ${describePayload(this.payload)}${this.fails ? ", then throw half-way" : ""})`;
  }
}

/** Reads a shared file: the model's bytes, or `JOBSTORE_NO_SUCH_FILE`. */
export class ReadSharedCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly name: string,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    await verifyShared(m, r, store, this.name);
    return [];
  }

  protected describe(): string {
    return `readSharedFileStream(${JSON.stringify(this.name)})`;
  }
}

/** Stores one log message. */
export class WriteLogCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly message: string | Uint8Array,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, _r: RealWorld, store: JobStore): Promise<readonly string[]> {
    await store.writeLogs(this.message);
    const bytes =
      typeof this.message === "string" ? Buffer.from(this.message, "utf8") : Buffer.from(this.message);
    m.state = modelWriteLog(m.state, bytes);
    return [];
  }

  protected describe(): string {
    const m = this.message;
    return `writeLogs(${typeof m === "string" ? brief(m, 30) : `${m.length} bytes`})`;
  }
}

/** `readLogs`: each unread message once (with `readAll`, each message once), and the count of them. */
export class ReadLogsCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly readAll: boolean,
  ) {
    super(handle);
  }

  protected async apply(m: ModelWorld, r: RealWorld, store: JobStore): Promise<readonly string[]> {
    const seen: string[] = [];
    const count = await store.readLogs(
      (message) => {
        seen.push(Buffer.from(message).toString("hex"));
      },
      { readAll: this.readAll },
    );
    const { delivered, next } = modelReadLogs(m.state, this.readAll);
    const expected = delivered.map((message) => Buffer.from(message).toString("hex"));
    // Order is not part of the contract; multiplicity is.
    r.expect(seen.sort(), "readLogs delivers each message once").toEqual(expected.sort());
    r.expect(count, "readLogs returns the number delivered").toBe(expected.length);
    m.state = next;
    return [];
  }

  protected describe(): string {
    return `readLogs(${this.readAll ? "{ readAll: true }" : ""})`;
  }
}

/** Closes a handle and resumes a new one on the same store: the config must come back unchanged. */
export class ReopenCommand extends StoreCommand {
  protected async apply(m: ModelWorld, r: RealWorld, _store: JobStore): Promise<readonly string[]> {
    await r.reopen(this.handle);
    r.expect(r.handles[this.handle].config, "resume loads the config initialize wrote").toEqual(m.config);
    return [];
  }

  protected describe(): string {
    return "close() and resume() a new handle";
  }
}
