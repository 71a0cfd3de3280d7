import { dirname, join } from "node:path";
import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { errno, fileError, isMissing } from "../errors.js";
import { lacksHardLinks, learnFileSystem, noHardLinksError } from "../storage/file-system-kind.js";
import { readWhole, removeQuietly, syncDir, writeTemp } from "../storage/io.js";
import { DIRS, MARKER, MARKER_CONTENT, TOP_LEVEL } from "../storage/layout.js";
import { reclaimTempFiles } from "../storage/leftovers.js";

type LifecycleMethods = Required<Pick<JobStoreBackend, "create" | "open" | "destroy" | "close">>;

function invalid(root: string, why: string, cause?: unknown) {
  return fileError("JOBSTORE_INVALID_LOCATOR", `file:${root}: ${why}`, cause);
}

/** Refuses a root that is not a directory, cannot be read, or lies inside another store. */
async function checkRoot(ctx: StoreContext, root: string): Promise<void> {
  try {
    const info = await ctx.fs.stat(root);
    if (!info.isDirectory()) throw invalid(root, "exists and is not a directory");
  } catch (err) {
    const code = errno(err);
    if (code === "EACCES") throw invalid(root, "cannot be read (permission denied)", err);
    if (code === "ENOTDIR") throw invalid(root, "a parent of this path is not a directory", err);
    if (code !== "ENOENT") throw err;
  }
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    try {
      await ctx.fs.stat(join(dir, MARKER));
      throw invalid(root, `lies inside the store at ${dir}`);
    } catch (err) {
      if (!isMissing(err) && errno(err) !== "EACCES") throw err;
    }
    if (dirname(dir) === dir) break;
  }
}

/** Removes the (empty) directories `create` made before it found it could not finish. */
async function removeMadeDirs(ctx: StoreContext): Promise<void> {
  for (const dir of Object.values(DIRS).reverse()) {
    await ctx.fs.rmdir(join(ctx.layout.root, dir)).catch(() => {});
  }
}

/**
 * Creating, opening and destroying the directory. `initialize` claims an empty (or missing) directory
 * by creating the marker last with an exclusive `link(2)`, so two racing initializers cannot both
 * succeed; `destroy` removes only a directory that is a store (or a half-made or half-removed one);
 * `close` has nothing to release.
 */
export function lifecycleMethods(ctx: StoreContext): LifecycleMethods {
  const root = ctx.layout.root;

  return {
    async create() {
      await checkRoot(ctx, root);
      let names: string[];
      try {
        await ctx.fs.mkdir(root, true);
        names = await ctx.fs.readdir(root);
      } catch (err) {
        throw invalid(root, `cannot be created or read (${errno(err) ?? String(err)})`, err);
      }
      if (names.includes(MARKER)) throw fileError("JOBSTORE_EXISTS", `a job store exists at ${root}`);
      if (names.length > 0) {
        throw fileError(
          "JOBSTORE_EXISTS",
          `${root} is not empty and is not a job store (it holds ${names.slice(0, 3).join(", ")})`,
        );
      }
      await learnFileSystem(ctx, false);
      for (const dir of Object.values(DIRS)) await ctx.fs.mkdir(join(root, dir), true);
      const temp = await writeTemp(ctx, Buffer.from(MARKER_CONTENT));
      try {
        // The marker's exclusive link is also the test that the file system has hard links.
        await ctx.fs.link(temp, ctx.layout.marker);
      } catch (err) {
        if (errno(err) === "EEXIST") throw fileError("JOBSTORE_EXISTS", `a job store exists at ${root}`);
        if (lacksHardLinks(err)) {
          await removeQuietly(ctx.fs, temp);
          await removeMadeDirs(ctx);
          throw noHardLinksError(root, err);
        }
        throw err;
      } finally {
        await removeQuietly(ctx.fs, temp);
      }
      if (ctx.sync) {
        await syncDir(ctx.fs, root);
        await syncDir(ctx.fs, dirname(root));
      }
    },

    async open() {
      let marker: Buffer | undefined;
      try {
        marker = await readWhole(ctx.fs, ctx.layout.marker);
      } catch (err) {
        if (errno(err) === "EACCES") throw invalid(root, "cannot be read (permission denied)", err);
        throw err;
      }
      if (!marker) {
        let info: import("node:fs").Stats | undefined;
        try {
          info = await ctx.fs.stat(root);
        } catch {
          info = undefined;
        }
        if (info && !info.isDirectory()) throw invalid(root, "exists and is not a directory");
        throw fileError("JOBSTORE_NO_SUCH_STORE", `no job store at ${root}`);
      }
      let format: { format?: unknown; version?: unknown };
      try {
        format = JSON.parse(marker.toString("utf8")) as typeof format;
      } catch {
        format = {};
      }
      if (format.format !== "@jobstore/backend-file")
        throw invalid(root, `${MARKER} is not a job store marker`);
      if (format.version !== 1) {
        throw fileError(
          "JOBSTORE_NOT_SUPPORTED",
          `${root} has layout version ${String(format.version)}; this backend reads version 1`,
        );
      }
      await learnFileSystem(ctx, true);
      // What dead processes of this host left in tmp/ is reclaimed now; a failure here is no reason not to open.
      await reclaimTempFiles(ctx).catch(() => {});
    },

    async destroy() {
      let names: string[];
      try {
        names = await ctx.fs.readdir(root);
      } catch (err) {
        if (errno(err) === "ENOENT") return;
        if (errno(err) === "ENOTDIR") throw invalid(root, "exists and is not a directory; not removing it");
        throw err;
      }
      const foreign = names.filter((name) => !TOP_LEVEL.has(name));
      if (!names.includes(MARKER) && foreign.length > 0) {
        throw invalid(
          root,
          `is not a job store (it holds ${foreign.slice(0, 3).join(", ")}); not removing it`,
        );
      }
      // The marker goes first: from then on nobody can resume the store, and a destroy that fails half
      // way leaves a directory the next destroy still recognises.
      await removeQuietly(ctx.fs, ctx.layout.marker);
      await ctx.fs.rmTree(root);
    },

    async close() {
      // Nothing held between calls: every call opens and closes what it uses.
    },
  };
}
