import type { MetadataLayer, RecordKind } from "@jobstore/object-store";

/** The flaws a broken layer can have, each one obligation of MetadataLayer broken. */
export const FLAWS = {
  /** switchContent writes over whatever is there (reads the current version and uses it). */
  "ignores-expected-version": true,
  /** listRecords(kind) yields the records of every kind. */
  "lists-other-kinds": true,
  /** updateJob of a missing job creates it instead of rejecting. */
  "update-creates": true,
  /** Every call drops its signal, so an aborted call runs anyway. */
  "ignores-abort": true,
} as const;

/** One of {@link FLAWS}. */
export type Flaw = keyof typeof FLAWS;

const ALL_KINDS: readonly RecordKind[] = ["file", "shared", "log"];

/** `layer` with `flaw` planted; everything else delegates to it. */
export function brokenLayer(layer: MetadataLayer, flaw: Flaw): MetadataLayer {
  const broken: MetadataLayer = Object.create(layer);
  switch (flaw) {
    case "ignores-expected-version":
      broken.switchContent = async (record, _expected, o) => {
        const current = await layer.getRecord(record.kind, record.name, o);
        return layer.switchContent(record, current?.version, o);
      };
      break;
    case "lists-other-kinds":
      broken.listRecords = async function* (_kind, filter, o) {
        for (const kind of ALL_KINDS) yield* layer.listRecords(kind, filter, o);
      };
      break;
    case "update-creates":
      broken.updateJob = async (job, o) =>
        (await layer.jobExists(job.jobStoreId, o)) ? layer.updateJob(job, o) : layer.createJob(job, o);
      break;
    case "ignores-abort":
      for (const name of Object.keys(Object.getPrototypeOf(broken)) as Array<keyof MetadataLayer>) {
        const original = layer[name];
        if (typeof original !== "function") continue;
        (broken as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
          (original as (...a: unknown[]) => unknown).apply(
            layer,
            args.map((arg) =>
              typeof arg === "object" && arg !== null && "signal" in arg
                ? { ...arg, signal: undefined }
                : arg,
            ),
          );
      }
      break;
  }
  return broken;
}
