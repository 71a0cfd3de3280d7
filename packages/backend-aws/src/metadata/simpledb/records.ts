import {
  BatchDeleteAttributesCommand,
  BatchPutAttributesCommand,
  DeleteAttributesCommand,
  isSimpleDbError,
  PutAttributesCommand,
  type UpdateCondition,
} from "@jobstore/client-simpledb";
import { JobStoreError } from "@jobstore/core";
import { type MetadataLayer, markOutcomeUnknown, type RecordKind } from "@jobstore/object-store";
import { BACKEND_NAME, mapAwsError } from "../../errors.js";
import { itemName } from "./item-names.js";
import { getItem, quote, replaceAll, selectAll, single } from "./items.js";
import { contentAttributes, decodeRecord, fixedAttributes } from "./record-items.js";
import { sendOptions } from "./send-options.js";
import type { SimpleDbConfig } from "./simpledb-config.js";

/** SimpleDB's limit of items per batch request. */
export const BATCH_ITEMS = 25;

/**
 * The condition of a content switch: create-only when there is no previous version, otherwise "still at
 * the version I read".
 *
 * @example
 * ```ts
 * expectVersion(undefined); // { Name: "version", Exists: false }
 * ```
 * @internal
 */
export function expectVersion(previous: string | undefined): UpdateCondition {
  return previous === undefined ? { Name: "version", Exists: false } : { Name: "version", Value: previous };
}

function isConditionFailure(err: unknown): boolean {
  return isSimpleDbError(err, "ConditionalCheckFailed") || isSimpleDbError(err, "AttributeDoesNotExist");
}

function lostRace(label: string, cause: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_CONCURRENT_MODIFICATION",
    `${label}: another write changed or deleted it concurrently`,
    { cause, backend: BACKEND_NAME },
  );
}

type RecordMethods = Pick<
  MetadataLayer,
  "getRecord" | "switchContent" | "deleteRecord" | "deleteRecords" | "listRecords" | "markRead"
>;

/**
 * The record half of the SimpleDB metadata layer: one item per job file (named by its ID), shared file
 * (`shared:<name>`) and log message (`log:<name>`) in the files domain.
 *
 * @remarks A content switch is one PutAttributes conditional on the `version` attribute; a new record
 * writes its fixed attributes too, a replacement only `kind` and the content attributes. Listing is a
 * consistent, paged Select; logs are de-duplicated per iteration.
 * @example
 * ```ts
 * const records = createRecordStore(cfg);
 * await records.switchContent(record, undefined, {});
 * ```
 * @internal
 */
export function createRecordStore(cfg: SimpleDbConfig): RecordMethods {
  const domain = cfg.names.filesDomain;
  const { sdb } = cfg;

  return {
    async getRecord(kind, name, options) {
      const item = itemName(kind, name);
      try {
        return decodeRecord(kind, item, await getItem(sdb, domain, item, options));
      } catch (err) {
        throw mapAwsError(err, `read ${kind} ${name}`);
      }
    },

    async switchContent(record, expectedVersion, options) {
      const item = itemName(record.kind, record.name);
      const label = `${record.kind} ${record.name}`;
      const fixed = expectedVersion === undefined ? fixedAttributes(record) : { kind: record.kind };
      try {
        await sdb.send(
          new PutAttributesCommand({
            DomainName: domain,
            ItemName: item,
            Attributes: replaceAll(fixed, contentAttributes(record)),
            Expected: expectVersion(expectedVersion),
          }),
          sendOptions(options),
        );
      } catch (err) {
        const conflict = isConditionFailure(err);
        const uncertain = conflict
          ? isSimpleDbError(err) && err.$mayHaveApplied
          : !isSimpleDbError(err) || err.$retryable;
        if (!uncertain) throw conflict ? lostRace(label, err) : mapAwsError(err, `record ${label}`);
        // Read back without the caller's signal: after an abort we still need to know what happened.
        const current = await getItem(sdb, domain, item, {}).catch(() => undefined);
        if (current !== undefined && single(current, "version") === record.version) return;
        // Without an answer (network, abort), another version read back proves nothing: the server may
        // still apply the request it had received, so the caller must keep the new content.
        if (current === undefined || !conflict) throw markOutcomeUnknown(mapAwsError(err, `record ${label}`));
        throw lostRace(label, err);
      }
    },

    async deleteRecord(kind, name, expectedVersion, options) {
      try {
        await sdb.send(
          new DeleteAttributesCommand({
            DomainName: domain,
            ItemName: itemName(kind, name),
            Expected: expectVersion(expectedVersion),
          }),
          sendOptions(options),
        );
      } catch (err) {
        const label = `delete ${kind} ${name}`;
        if (!isConditionFailure(err)) throw mapAwsError(err, label);
        if (!(isSimpleDbError(err) && err.$mayHaveApplied)) throw lostRace(label, err);
        // A retry that met its own first attempt finds the item gone: deleted as asked.
        const current = await getItem(sdb, domain, itemName(kind, name), {}).catch(() => undefined);
        if (current === undefined) throw markOutcomeUnknown(mapAwsError(err, label));
        if (single(current, "version") === undefined) return;
        throw lostRace(label, err);
      }
    },

    async deleteRecords(kind, names, options) {
      try {
        for (let i = 0; i < names.length; i += BATCH_ITEMS) {
          const Items = names.slice(i, i + BATCH_ITEMS).map((name) => ({ Name: itemName(kind, name) }));
          await sdb.send(
            new BatchDeleteAttributesCommand({ DomainName: domain, Items }),
            sendOptions(options),
          );
        }
      } catch (err) {
        throw mapAwsError(err, `delete ${names.length} ${kind} records`);
      }
    },

    async *listRecords(kind, filter, options) {
      let where = `kind = ${quote(kind)}`;
      if (kind === "log" && filter.unreadOnly) where += ` and read = ${quote("0")}`;
      if (kind === "file" && filter.cleanupOf !== undefined)
        where += ` and owner = ${quote(filter.cleanupOf)} and cleanup = ${quote("1")}`;
      const seen = new Set<string>();
      try {
        for await (const { name, attributes } of selectAll(
          sdb,
          `select * from \`${domain}\` where ${where}`,
          options,
        )) {
          if (seen.has(name)) continue;
          seen.add(name);
          const record = decodeRecord(kind, name, attributes);
          if (record) yield record;
        }
      } catch (err) {
        throw mapAwsError(err, `list ${kind} records`);
      }
    },

    async markRead(names, options) {
      for (let i = 0; i < names.length; i += BATCH_ITEMS) {
        const Items = names.slice(i, i + BATCH_ITEMS).map((name) => ({
          Name: itemName("log", name),
          Attributes: [{ Name: "read", Value: "1", Replace: true }],
        }));
        await sdb
          .send(new BatchPutAttributesCommand({ DomainName: domain, Items }), sendOptions(options))
          .catch((err: unknown) => {
            throw mapAwsError(err, "mark log messages read");
          });
      }
    },
  };
}

/** The kinds of record in the files domain. */
export const RECORD_KINDS: readonly RecordKind[] = ["file", "shared", "log"];
