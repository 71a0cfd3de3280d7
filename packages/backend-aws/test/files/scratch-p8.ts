// Temporary scratch script (p8); deleted after use.
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { CreateBucketCommand, DeleteBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { startSimpleDbLocal } from "@jobstore/simpledb-local";
import { buildContext } from "../../src/context.js";
import { resourceNames } from "../../src/names.js";
import { SimpleDbClient, CreateDomainCommand, DeleteDomainCommand, GetAttributesCommand } from "../../src/simpledb/index.js";
import { createFileOps } from "../../src/files/index.js";

const withS3 = process.env.P8_S3 === "1";
const creds = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local/secret+key=" };
const server = await startSimpleDbLocal({ port: 0, host: "127.0.0.1", credentials: creds });
const sdb = new SimpleDbClient({ region: "us-east-1", endpoint: server.endpoint, credentials: creds });
const s3 = new S3Client({
  region: "us-east-1",
  endpoint: process.env.AWS_ENDPOINT_URL_S3 ?? "http://127.0.0.1:1",
  forcePathStyle: true,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
  maxAttempts: 2,
});
const prefix = `p8-${randomUUID().slice(0, 8)}`;
const names = resourceNames(prefix);
const encrypted = process.env.P8_KEY === "1";
const ctx = buildContext(
  { region: "us-east-1", namePrefix: prefix, s3, simpleDb: sdb, partSize: 5 * 1024 * 1024, uploadConcurrency: 2, ...(encrypted ? { encryptionKey: randomBytes(32) } : {}) },
  names,
);
const ops = createFileOps(ctx);
const o = {};
const src = (b: Buffer | string) => Readable.from([Buffer.from(b)], { objectMode: false });
const read = async (s: Readable) => { const c: Buffer[] = []; for await (const x of s) c.push(x as Buffer); return Buffer.concat(c); };
const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string; name?: string; message?: string }) => e.code ?? `${e.name}:${e.message}`);
const check = (what: string, ok: boolean) => console.log(ok ? "PASS" : "FAIL", what);
const raw = async (item: string) => (await sdb.send(new GetAttributesCommand({ DomainName: names.filesDomain, ItemName: item, ConsistentRead: true }))).Attributes;
let s3calls = 0;
s3.middlewareStack.add((next, context) => async (args) => { s3calls++; if (process.env.P8_TRACE) console.log("  s3", context.commandName); return next(args); }, { step: "initialize", name: "p8count" });

await sdb.send(new CreateDomainCommand({ DomainName: names.filesDomain }));
if (withS3) await s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
try {
  // inline
  const f1 = ops.newFileId({});
  await ops.writeFile(f1, src("hello"), { jobId: "j1", cleanup: true, executable: true }, o);
  const r1 = await ops.readFile(f1, o);
  check("inline round trip", (await read(r1.stream)).toString() === "hello" && r1.executable);
  check("size", (await ops.getFileSize(f1, o)) === 5);
  check("exists", await ops.fileExists(f1, o));
  check("missing read NO_SUCH_FILE", (await code(ops.readFile("nope", o))) === "JOBSTORE_NO_SUCH_FILE");
  check("missing update NO_SUCH_FILE", (await code(ops.updateFile("nope", src("x"), o))) === "JOBSTORE_NO_SUCH_FILE");
  check("missing size 0", (await ops.getFileSize("nope", o)) === 0);
  await ops.updateFile(f1, src(""), o);
  check("inline update to empty", (await read((await ops.readFile(f1, o)).stream)).length === 0);
  // inline conflict detection
  const before = (await raw(f1)).find((a) => a.Name === "version")!.Value;
  await ops.updateFile(f1, src("v2"), o);
  check("version changes per write", (await raw(f1)).find((a) => a.Name === "version")!.Value !== before);
  // shared
  await ops.writeSharedFile("config.json", src("{}"), false, o);
  await ops.writeSharedFile("config.json", src('{"a":1}'), false, o);
  check("shared overwrite", (await read(await ops.readSharedFile("config.json", o))).toString() === '{"a":1}');
  check("shared missing", (await code(ops.readSharedFile("nope", o))) === "JOBSTORE_NO_SUCH_FILE");
  check("file id cannot reach shared item", !(await ops.fileExists("shared:config.json", o)));
  // logs
  await ops.writeLogs(Buffer.from("m1"), o);
  await ops.writeLogs(Buffer.from("m2"), o);
  const got: string[] = [];
  check("readLogs 2", (await ops.readLogs((m) => void got.push(m.toString()), false, o)) === 2 && got.join() === "m1,m2");
  check("readLogs again 0", (await ops.readLogs(() => {}, false, o)) === 0);
  await ops.writeLogs(Buffer.from("m3"), o);
  const all: string[] = [];
  check("readAll 3 once each", (await ops.readLogs((m) => void all.push(m.toString()), true, o)) === 3 && all.join() === "m1,m2,m3");
  // tamper inline
  const f2 = ops.newFileId({});
  await ops.writeFile(f2, src("abc"), { cleanup: false, executable: false }, o);
  const { PutAttributesCommand } = await import("../../src/simpledb/index.js");
  await sdb.send(new PutAttributesCommand({ DomainName: names.filesDomain, ItemName: f2, Attributes: [{ Name: "checksum", Value: "00", Replace: true }] }));
  check("inline tamper CHECKSUM_MISMATCH", (await code(read((await ops.readFile(f2, o)).stream))) === "JOBSTORE_CHECKSUM_MISMATCH");
  // abort during head
  const ac = new AbortController();
  const slow = new Readable({ read() {} });
  slow.push(Buffer.alloc(10));
  setTimeout(() => ac.abort(), 50);
  check("abort during write ABORTED", (await code(ops.writeFile(ops.newFileId({}), slow, { cleanup: false, executable: false }, { signal: ac.signal }))) === "JOBSTORE_ABORTED");
  // source error
  const bad = new Readable({ read() { this.destroy(new Error("boom")); } });
  check("source error rejects", (await code(ops.writeFile(ops.newFileId({}), bad, { cleanup: false, executable: false }, o))) !== "ok");

  if (withS3) {
    s3calls = 0;
    const big = randomBytes(300_000);
    const f3 = ops.newFileId({});
    await ops.writeFile(f3, Readable.from([big.subarray(0, 100), big.subarray(100)], { objectMode: false }), { jobId: "j1", cleanup: true, executable: false }, o);
    check(`small S3 write = 1 S3 request (got ${s3calls})`, s3calls === 1);
    check("S3 round trip", (await read((await ops.readFile(f3, o)).stream)).equals(big));
    const huge = randomBytes(12 * 1024 * 1024 + 7);
    const f4 = ops.newFileId({});
    await ops.writeFile(f4, Readable.from((function* () { for (let i = 0; i < huge.length; i += 65536) yield huge.subarray(i, i + 65536); })(), { objectMode: false }), { cleanup: false, executable: false }, o);
    check("multipart round trip", (await read((await ops.readFile(f4, o)).stream)).equals(huge));
    const oldKey = (await raw(f4)).find((a) => a.Name === "key")!.Value;
    await ops.updateFile(f4, src("tiny now"), o);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: names.bucket }));
    check("superseded object deleted", !(listed.Contents ?? []).some((c) => c.Key === oldKey));
    check("S3->inline update", (await read((await ops.readFile(f4, o)).stream)).toString() === "tiny now");
    // partial read + destroy
    const f5 = ops.newFileId({});
    await ops.writeFile(f5, src(huge), { cleanup: false, executable: false }, o);
    const rs = (await ops.readFile(f5, o)).stream;
    await new Promise<void>((res) => rs.once("data", () => { rs.destroy(); res(); }));
    await new Promise((r) => setTimeout(r, 100));
    check("partial read destroyed", rs.destroyed);
    // abort mid multipart
    const ac2 = new AbortController();
    let sent = 0;
    const endless = new Readable({ read() { if (sent < 40) { sent++; this.push(randomBytes(1024 * 1024)); } } });
    setTimeout(() => ac2.abort(), 300);
    const f6 = ops.newFileId({});
    check("abort mid-upload ABORTED", (await code(ops.writeFile(f6, endless, { cleanup: false, executable: false }, { signal: ac2.signal }))) === "JOBSTORE_ABORTED");
    check("aborted file absent", !(await ops.fileExists(f6, o)));
    // public URL (inline and S3)
    await ops.writeSharedFile("pub.txt", src("public!"), false, o);
    const url = await ops.getSharedPublicUrl("pub.txt", 3600, o);
    const res = await fetch(url);
    check(`public url inline (${res.status})`, (await res.text()) === "public!" || encrypted);
    check("read after materialise", (await read(await ops.readSharedFile("pub.txt", o))).toString() === "public!");
    const url2 = await code(ops.getPublicUrl(f3, 3600, o));
    console.log("  getPublicUrl S3:", url2.slice(0, 60));
    // export/import
    await ops.exportFile(f3, new URL(`s3://${names.bucket}/exported/x%20y.bin`), o);
    const f7 = ops.newFileId({});
    await ops.importFile(new URL(`s3://${names.bucket}/exported/x%20y.bin`), { fileId: f7, meta: { cleanup: false, executable: false } }, o);
    check("export+import round trip", (await read((await ops.readFile(f7, o)).stream)).equals(big));
    check("import missing", (await code(ops.importFile(new URL(`s3://${names.bucket}/nope`), { fileId: ops.newFileId({}), meta: { cleanup: false, executable: false } }, o))) === "JOBSTORE_NO_SUCH_FILE");
    // tamper S3 checksum
    await sdb.send(new PutAttributesCommand({ DomainName: names.filesDomain, ItemName: f3, Attributes: [{ Name: "checksum", Value: "00", Replace: true }] }));
    check("S3 tamper CHECKSUM_MISMATCH", (await code(read((await ops.readFile(f3, o)).stream))) === "JOBSTORE_CHECKSUM_MISMATCH");
    // deleteJobFiles
    await ops.deleteJobFiles("j1", o);
    check("job files gone", !(await ops.fileExists(f1, o)) && !(await ops.fileExists(f3, o)) && (await ops.fileExists(f4, o)));
    await ops.deleteFile(f4, o);
    await ops.deleteFile(f4, o);
    check("deleteFile idempotent", !(await ops.fileExists(f4, o)));
  }
} finally {
  if (withS3) {
    await ops.emptyBucket(o);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: names.bucket }));
    check("emptyBucket empties", (left.KeyCount ?? 0) === 0);
    await s3.send(new DeleteBucketCommand({ Bucket: names.bucket }));
    check("emptyBucket on missing bucket ok", (await code(ops.emptyBucket(o))) === "ok");
  }
  await sdb.send(new DeleteDomainCommand({ DomainName: names.filesDomain }));
  sdb.destroy();
  s3.destroy();
  await server.close();
}
