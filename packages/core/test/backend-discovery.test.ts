import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listInstalledSchemes, openJobStore, registerBackend } from "../src/index.js";
import { findInstalledBackends } from "../src/internal/backend-discovery.js";
import { expectCode } from "./fixtures.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-core-discovery-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh scheme per test: the registry is process-wide. */
function freshScheme(): string {
  return `x${randomUUID().slice(0, 8)}`;
}

/**
 * Installs a fake backend package under `base/node_modules/<name>` whose main entry registers `registers`
 * (nothing when empty) and whose package.json declares `declares` (no `jobstore` field when undefined).
 */
async function installFake(
  base: string,
  name: string,
  declares: string[] | undefined,
  registers: string[],
): Promise<void> {
  const pkg = join(base, "node_modules", name);
  await mkdir(pkg, { recursive: true });
  const manifest = {
    name,
    type: "module",
    exports: "./index.js",
    ...(declares ? { jobstore: { schemes: declares } } : {}),
  };
  await writeFile(join(pkg, "package.json"), JSON.stringify(manifest));
  // Node loads it natively (outside the test's module graph), so it registers the way a backend built
  // against another copy of core does: through the process-wide registry.
  const lines = [
    `const registry = (globalThis[Symbol.for("@jobstore/core.backends")] ??= new Map());`,
    ...registers.map(
      (s) => `registry.set(${JSON.stringify(s)}, (rest) => ({ name: "fake:" + rest, capabilities: {} }));`,
    ),
  ];
  await writeFile(join(pkg, "index.js"), `${lines.join("\n")}\n`);
}

describe("openJobStore finds backends that are installed but not imported", () => {
  it("imports the @jobstore package whose package.json declares the scheme, then uses it", async () => {
    const scheme = freshScheme();
    await installFake(dir, "@jobstore/backend-fake", [scheme], [scheme]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    const store = await openJobStore(`${scheme}:here`);
    expect(store.backendName).toBe("fake:here");
  });

  it("looks in node_modules of the working directory's parents too", async () => {
    const scheme = freshScheme();
    await installFake(dir, "@jobstore/backend-up", [scheme], [scheme]);
    const nested = join(dir, "app", "src");
    await mkdir(nested, { recursive: true });
    vi.spyOn(process, "cwd").mockReturnValue(nested);
    expect((await openJobStore(`${scheme}:up`)).backendName).toBe("fake:up");
  });

  it("imports packages named in JOBSTORE_BACKENDS, of any scope", async () => {
    const scheme = freshScheme();
    await installFake(dir, "acme-jobstore-backend", undefined, [scheme]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    await expectCode(openJobStore(`${scheme}:x`), "JOBSTORE_INVALID_LOCATOR");
    vi.stubEnv("JOBSTORE_BACKENDS", " other-missing-package , acme-jobstore-backend");
    expect((await openJobStore(`${scheme}:x`)).backendName).toBe("fake:x");
  });

  it("a package that declares a scheme but registers nothing gives JOBSTORE_INVALID_LOCATOR", async () => {
    const scheme = freshScheme();
    await installFake(dir, "@jobstore/backend-liar", [scheme], []);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    await expectCode(openJobStore(`${scheme}:x`), "JOBSTORE_INVALID_LOCATOR");
  });

  it("a scheme nothing declares gives JOBSTORE_INVALID_LOCATOR without importing anything", async () => {
    const declared = freshScheme();
    await installFake(dir, "@jobstore/backend-other", [declared], [declared]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    await expectCode(openJobStore(`${freshScheme()}:x`), "JOBSTORE_INVALID_LOCATOR");
    // Not imported: it would have registered its scheme.
    await rm(join(dir, "node_modules"), { recursive: true });
    await expectCode(openJobStore(`${declared}:x`), "JOBSTORE_INVALID_LOCATOR");
  });
});

describe("findInstalledBackends", () => {
  it("lists each package once, nearest first, with its declared schemes", async () => {
    const inner = join(dir, "inner");
    await installFake(dir, "@jobstore/backend-a", ["a1"], []);
    await installFake(inner, "@jobstore/backend-a", ["a2"], []);
    await installFake(dir, "@jobstore/not-a-backend", undefined, []);
    const found = await findInstalledBackends([inner], []);
    const ours = found.filter((b) => b.baseDir.startsWith(dir));
    expect(ours.map((b) => [b.packageName, b.schemes])).toEqual([["@jobstore/backend-a", ["a2"]]]);
  });
});

describe("listInstalledSchemes", () => {
  it("lists the schemes installed packages declare, with their package, sorted, without importing them", async () => {
    const [first, second] = [freshScheme(), freshScheme()].sort();
    await installFake(dir, "@jobstore/backend-two", [second as string, first as string], [first as string]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    const listed = await listInstalledSchemes();
    const ours = listed.filter((s) => s.scheme === first || s.scheme === second);
    expect(ours).toEqual([
      { scheme: first, packageName: "@jobstore/backend-two" },
      { scheme: second, packageName: "@jobstore/backend-two" },
    ]);
    expect(listed.map((s) => s.scheme)).toEqual(listed.map((s) => s.scheme).sort());
    // Not imported: it would have registered `first`, which must now be found by looking again.
    await rm(join(dir, "node_modules"), { recursive: true });
    await expectCode(openJobStore(`${first}:x`), "JOBSTORE_INVALID_LOCATOR");
  });

  it("looks from searchFrom first, for listing and for opening", async () => {
    const scheme = freshScheme();
    const app = join(dir, "app");
    await installFake(app, "@jobstore/backend-bundled", [scheme], [scheme]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    expect((await listInstalledSchemes()).map((s) => s.scheme)).not.toContain(scheme);
    const search = { searchFrom: [join(app, "dist")] };
    expect(await listInstalledSchemes(search)).toContainEqual({
      scheme,
      packageName: "@jobstore/backend-bundled",
    });
    await expectCode(openJobStore(`${scheme}:x`), "JOBSTORE_INVALID_LOCATOR");
    expect((await openJobStore(`${scheme}:x`, {}, search)).backendName).toBe("fake:x");
  });

  it("imports the JOBSTORE_BACKENDS packages of the given env to learn the schemes they register", async () => {
    const scheme = freshScheme();
    await installFake(dir, "acme-undeclared-backend", undefined, [scheme]);
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    vi.stubEnv("JOBSTORE_BACKENDS", "");
    const env = { JOBSTORE_BACKENDS: "acme-undeclared-backend, acme-not-installed" };
    expect(await listInstalledSchemes({ env })).toContainEqual({
      scheme,
      packageName: "acme-undeclared-backend",
    });
    expect((await openJobStore(`${scheme}:y`, {}, { env })).backendName).toBe("fake:y");
  });

  it("leaves out a JOBSTORE_BACKENDS package that fails to load", async () => {
    const pkg = join(dir, "node_modules", "acme-broken");
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "acme-broken", main: "missing.js" }));
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    const listed = await listInstalledSchemes({ env: { JOBSTORE_BACKENDS: "acme-broken" } });
    expect(listed.some((s) => s.packageName === "acme-broken")).toBe(false);
  });

  it("lists a scheme the application registered itself, without a package", async () => {
    const scheme = freshScheme();
    registerBackend(scheme, (rest) => ({ name: rest }) as never);
    expect(await listInstalledSchemes()).toContainEqual({ scheme });
  });
});
