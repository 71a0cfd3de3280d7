import type { ObjectCallOptions, ObjectStore } from "@jobstore/object-store";

/** One call of every operation that takes call options, by name, on keys under `ops/`. */
export function everyOperation(
  store: ObjectStore,
  options: ObjectCallOptions,
  uploadId: string,
): Array<[string, () => Promise<unknown>]> {
  const firstPage = async <T>(pages: AsyncIterable<T>) => {
    for await (const page of pages) return page;
    return undefined;
  };
  return [
    ["get", () => store.get("ops/k", options)],
    ["get (ranged)", () => store.get("ops/k", { ...options, range: { start: 0, end: 0 } })],
    ["open", () => store.open("ops/k", options)],
    ["head", () => store.head("ops/k", options)],
    ["list", () => firstPage(store.list("ops/", options))],
    ["put", () => store.put("ops/new", Buffer.from("x"), undefined, options)],
    ["put (ifNoneMatch)", () => store.put("ops/new", Buffer.from("x"), { ifNoneMatch: "*" }, options)],
    ["delete", () => store.delete("ops/k", options)],
    ["deleteMany", () => store.deleteMany(["ops/k", "ops/other"], options)],
    ["beginUpload", () => store.beginUpload("ops/up", options)],
    ["uploadPart", () => store.uploadPart("ops/up", uploadId, 1, Buffer.from("x"), options)],
    [
      "completeUpload",
      () => store.completeUpload("ops/up", uploadId, [{ partNumber: 1, tag: "x" }], undefined, options),
    ],
    ["abortUpload", () => store.abortUpload("ops/up", uploadId, options)],
    ["listUploads", () => firstPage(store.listUploads("ops/", options))],
  ];
}
