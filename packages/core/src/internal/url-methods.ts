import type { FileWriteMeta } from "../backend.js";
import { JobStoreError } from "../errors.js";
import type { FileId, ImportFileOptions, PublicUrlOptions, TransferOptions } from "../types.js";
import { openUrlSource, writeUrlDestination } from "../url-transfer.js";
import { fileMetaOf, newFileId, planFile } from "./file-meta.js";
import { requireSharedName, throwNoSuchFile } from "./ids.js";
import { consuming, lastSegment } from "./local-files.js";
import { type MethodTable, method } from "./method-table.js";
import { type Progress, progressOf } from "./progress.js";
import { opts, type StoreContext } from "./store-context.js";
import { requireUrl } from "./validate.js";

// Toil's promise: a public URL stays valid for at least an hour.
const MIN_URL_SECONDS = 3600;

/** Checks a URL lifetime and that the backend has public URLs at all. */
function urlSeconds(ctx: StoreContext, options: PublicUrlOptions | undefined): number {
  const { caps } = ctx;
  const seconds = options?.expiresInSeconds ?? MIN_URL_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_URL_SECONDS) {
    throw new RangeError(
      `expiresInSeconds must be an integer of at least ${MIN_URL_SECONDS}, got ${seconds}`,
    );
  }
  if (caps.maxPublicUrlSeconds > 0 && seconds > caps.maxPublicUrlSeconds) {
    throw new RangeError(
      `expiresInSeconds ${seconds} exceeds this backend's limit of ${caps.maxPublicUrlSeconds}`,
    );
  }
  if (caps.publicUrls === "none") {
    throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `the ${ctx.backend.name} backend has no public URLs`);
  }
  return seconds;
}

/** Where an import goes, checked before any source is opened. */
type ImportTarget =
  | { kind: "file"; plan: ReturnType<typeof planFile>; url: URL }
  | { kind: "shared"; name: string; url: URL };

/** Where imported bytes go: a new file (ID made, metadata known) or a shared file. */
type Destination = { kind: "file"; fileId: FileId; meta: FileWriteMeta } | { kind: "shared"; name: string };

function destinationOf(ctx: StoreContext, target: ImportTarget): Destination {
  if (target.kind === "shared") return target;
  const meta = fileMetaOf(target.plan, false, lastSegment(target.url));
  return { kind: "file", fileId: newFileId(ctx, meta), meta };
}

/** Imports `url`: by the backend's fast path for the schemes it lists, otherwise through core's reader. */
async function importInto(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  url: URL,
  to: Destination,
  progress: Progress | undefined,
): Promise<void> {
  const { backend, caps } = ctx;
  if (backend.importFile && caps.importSchemes.includes(url.protocol.slice(0, -1))) {
    const target = to.kind === "file" ? { fileId: to.fileId, meta: to.meta } : { sharedFileName: to.name };
    await backend.importFile(url, target, opts(signal));
    // The bytes moved server-side: their count is asked for only when someone wants it.
    if (progress)
      progress.finish(to.kind === "file" ? await backend.getFileSize(to.fileId, opts(signal)) : 0);
    return;
  }
  const source = await openUrlSource(url, signal);
  await consuming(source.stream, (raw) => {
    const stream = progress ? progress.count(raw) : raw;
    return to.kind === "file"
      ? backend.writeFile(to.fileId, stream, { ...to.meta, executable: source.executable }, opts(signal))
      : backend.writeSharedFile(to.name, stream, caps.encryption, opts(signal));
  });
  progress?.finish();
}

/** Public URLs, `importFile` and `exportFile`. */
export const URL_METHODS: MethodTable = {
  getPublicUrl: method({
    optionsAt: 1,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    check: (ctx: StoreContext, _fileId: FileId, options?: PublicUrlOptions) => urlSeconds(ctx, options),
    io: (ctx, signal, seconds, fileId) => ctx.backend.getPublicUrl(fileId, seconds, opts(signal)),
  }),

  getSharedPublicUrl: method({
    optionsAt: 1,
    check: (ctx: StoreContext, name: string, options?: PublicUrlOptions) => {
      requireSharedName(ctx.caps, name);
      return urlSeconds(ctx, options);
    },
    io: (ctx, signal, seconds, name) => ctx.backend.getSharedPublicUrl(name, seconds, opts(signal)),
  }),

  importFile: method({
    optionsAt: 1,
    check: (ctx: StoreContext, url: string | URL, options?: ImportFileOptions): ImportTarget => {
      const parsed = requireUrl(url);
      if (options?.sharedFileName === undefined)
        return { kind: "file", plan: planFile(ctx, options), url: parsed };
      return { kind: "shared", name: requireSharedName(ctx.caps, options.sharedFileName), url: parsed };
    },
    async io(ctx, signal, target, _url, options) {
      const progress = progressOf(options);
      const destination = destinationOf(ctx, target);
      try {
        await importInto(ctx, signal, target.url, destination, progress);
      } catch (err) {
        throw progress ? progress.blame(err) : err;
      }
      return destination.kind === "file" ? destination.fileId : undefined;
    },
  }),

  exportFile: method({
    optionsAt: 2,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    check: (_ctx: StoreContext, _fileId: FileId, url: string | URL, _options?: TransferOptions) =>
      requireUrl(url),
    async io(ctx, signal, parsed, fileId, _url, options) {
      const { backend, caps } = ctx;
      const progress = progressOf(options);
      try {
        if (backend.exportFile && caps.exportSchemes.includes(parsed.protocol.slice(0, -1))) {
          await backend.exportFile(fileId, parsed, opts(signal));
          if (progress) progress.finish(await backend.getFileSize(fileId, opts(signal)));
          return;
        }
        if (parsed.protocol !== "file:") {
          throw new JobStoreError(
            "JOBSTORE_NOT_SUPPORTED",
            `cannot export to ${parsed.protocol} URLs (${parsed.href})`,
          );
        }
        const content = await backend.readFile(fileId, opts(signal));
        const stream = progress ? progress.count(content.stream) : content.stream;
        await writeUrlDestination(parsed, stream, content.executable);
        progress?.finish();
      } catch (err) {
        throw progress ? progress.blame(err) : err;
      }
    },
  }),
};
