import { type CallOptions, isJobStoreError, type JobStoreBackend, JobStoreError } from "@jobstore/core";
import type { MetadataRecord, RecordKind } from "../metadata/metadata-layer.js";
import { commitContent } from "./commit-content.js";
import type { NamedLayers } from "./layers.js";
import { qualifiedName, requireRecord } from "./records.js";

// Moving inline content to S3 races with updates; each lost race costs a PutObject and a DeleteObject.
const MAX_ATTEMPTS = 3;

type PublicUrlMethods = Pick<JobStoreBackend, "getPublicUrl" | "getSharedPublicUrl">;

/**
 * Public URLs: presigned S3 GETs of the recorded content object, valid `expiresInSeconds` (clamped to the
 * content layer's maximum).
 *
 * @remarks Inline content is first uploaded to S3 and the record switched to that object under a fresh
 * version token (conditional on the version read), so later reads use it and a racing update is detected
 * rather than leaking the object. The URL names an immutable object: it keeps serving the bytes of the
 * moment until that version is superseded (and deleted) or the URL expires.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_ENCRYPTION` (encrypted content cannot be
 * served in the clear), `JOBSTORE_CONCURRENT_MODIFICATION` (updated during every attempt),
 * `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const url = await createPublicUrlMethods(layers).getPublicUrl(fileId, 3600, {});
 * ```
 * @internal
 */
export function createPublicUrlMethods(layers: NamedLayers): PublicUrlMethods {
  const { content } = layers;

  async function moveToS3(record: MetadataRecord, options: CallOptions): Promise<string> {
    const moved = await content.uploadInline(qualifiedName(record.kind, record.name), record, options);
    await commitContent(
      layers,
      { ...record, ...moved, inline: undefined },
      record.version,
      undefined,
      options,
    );
    return moved.key ?? "";
  }

  async function publicUrl(
    kind: RecordKind,
    name: string,
    seconds: number,
    options: CallOptions,
    label: string,
  ) {
    for (let attempt = 1; ; attempt++) {
      const record = await requireRecord(layers, kind, name, options, label);
      if (record.encrypted) {
        throw new JobStoreError("JOBSTORE_ENCRYPTION", `${label} is encrypted and cannot have a public URL`, {
          backend: layers.name,
        });
      }
      let key = record.key;
      try {
        key ??= await moveToS3(record, options);
      } catch (err) {
        if (isJobStoreError(err, "JOBSTORE_CONCURRENT_MODIFICATION") && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      return content.presign(key, seconds);
    }
  }

  return {
    getPublicUrl(fileId, expiresInSeconds, options) {
      return publicUrl("file", fileId, expiresInSeconds, options, `file ${fileId}`);
    },
    getSharedPublicUrl(name, expiresInSeconds, options) {
      return publicUrl("shared", name, expiresInSeconds, options, `shared file ${name}`);
    },
  };
}
