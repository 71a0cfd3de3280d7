import { randomUUID } from "node:crypto";
import {
  CreateDomainCommand,
  DeleteAttributesCommand,
  DeleteDomainCommand,
  isSimpleDbError,
  PutAttributesCommand,
} from "@jobstore/client-simpledb";
import { type CallOptions, isJobStoreError, JobStoreError } from "@jobstore/core";
import type { MetadataLayer, StorageHooks } from "@jobstore/object-store";
import { BACKEND_NAME, mapAwsError } from "../../errors.js";
import { getItem, single } from "./items.js";
import { sendOptions } from "./send-options.js";
import type { SimpleDbConfig } from "./simpledb-config.js";

const EXISTS = "exists";
/** Which create claimed the item (a fresh token each): tells a retry that met its own write from a lost race. */
const CLAIM = "claim";
type Registered = "yes" | "no" | "in-between";

/**
 * Creation, opening and destruction of a store. The registry domain's item for the prefix is the one
 * consistent answer to "does this store exist": `True` once created, `False` while being created or
 * destroyed, absent otherwise (Toil's design).
 *
 * @example
 * ```ts
 * await createRegistry(cfg).create(content.storage, {});
 * ```
 * @internal
 */
export function createRegistry(cfg: SimpleDbConfig): Pick<MetadataLayer, "create" | "open" | "destroy"> {
  const { names, sdb } = cfg;

  async function registered(options: CallOptions): Promise<Registered> {
    try {
      const item = await getItem(sdb, cfg.registryDomain, names.prefix, options);
      const value = single(item, EXISTS);
      return value === "True" ? "yes" : value === "False" ? "in-between" : "no";
    } catch (err) {
      if (isSimpleDbError(err, "NoSuchDomain")) return "no";
      throw err;
    }
  }

  async function setRegistered(value: "True" | "False", options: CallOptions): Promise<void> {
    await sdb.send(
      new PutAttributesCommand({
        DomainName: cfg.registryDomain,
        ItemName: names.prefix,
        Attributes: [{ Name: EXISTS, Value: value, Replace: true }],
      }),
      sendOptions(options),
    );
  }
  /**
   * Marks the store "being created" for this create alone: conditional on no item when `state` is "no",
   * so that of two racing creates one claims the store and the other learns it exists (false).
   * A leftover "being created" item (a crashed create) is taken over unconditionally, as before.
   */
  async function claim(state: Registered, options: CallOptions): Promise<boolean> {
    const token = randomUUID();
    try {
      await sdb.send(
        new PutAttributesCommand({
          DomainName: cfg.registryDomain,
          ItemName: names.prefix,
          Attributes: [
            { Name: EXISTS, Value: "False", Replace: true },
            { Name: CLAIM, Value: token, Replace: true },
          ],
          Expected: state === "no" ? { Name: EXISTS, Exists: false } : undefined,
        }),
        sendOptions(options),
      );
      return true;
    } catch (err) {
      if (!isSimpleDbError(err, "ConditionalCheckFailed")) throw err;
      // An SDK retry of our own applied write meets its condition: the claim is ours all the same.
      const item = await getItem(sdb, cfg.registryDomain, names.prefix, options);
      return single(item, CLAIM) === token;
    }
  }

  async function tolerate(
    what: string,
    fn: () => Promise<unknown>,
    missing: (err: unknown) => boolean,
  ): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!missing(err)) throw mapAwsError(err, what);
    }
  }

  const noSuchDomain = (err: unknown) => isSimpleDbError(err, "NoSuchDomain");

  async function destroy(storage: StorageHooks, options: CallOptions): Promise<void> {
    await tolerate(
      "destroy: registry",
      async () => {
        if ((await registered(options)) !== "no") await setRegistered("False", options);
      },
      noSuchDomain,
    );
    await tolerate(
      "destroy: bucket",
      () => storage.destroy(options),
      (err) => isJobStoreError(err, "JOBSTORE_NO_SUCH_STORE"),
    );
    for (const domain of [names.jobsDomain, names.filesDomain]) {
      await tolerate(
        `destroy: domain ${domain}`,
        () => sdb.send(new DeleteDomainCommand({ DomainName: domain }), sendOptions(options)),
        noSuchDomain,
      );
    }
    await tolerate(
      "destroy: registry",
      () =>
        sdb.send(
          new DeleteAttributesCommand({ DomainName: cfg.registryDomain, ItemName: names.prefix }),
          sendOptions(options),
        ),
      noSuchDomain,
    );
  }

  return {
    async create(storage: StorageHooks, options: CallOptions): Promise<void> {
      try {
        await sdb.send(new CreateDomainCommand({ DomainName: cfg.registryDomain }), sendOptions(options));
        const state = await registered(options);
        if (state === "yes" || !(await claim(state, options))) {
          throw new JobStoreError(
            "JOBSTORE_EXISTS",
            `the AWS store ${names.prefix} in ${cfg.region} exists already`,
            { backend: BACKEND_NAME },
          );
        }
      } catch (err) {
        throw mapAwsError(err, `create ${names.prefix}`);
      }
      try {
        // Domains first: a bucket conflict must still leave something destroy() can clean up.
        await sdb.send(new CreateDomainCommand({ DomainName: names.jobsDomain }), sendOptions(options));
        await sdb.send(new CreateDomainCommand({ DomainName: names.filesDomain }), sendOptions(options));
        await storage.create(options);
        await setRegistered("True", options);
      } catch (err) {
        // Half-created: remove what was made (best effort) so the prefix can be used again.
        await destroy(storage, {}).catch(() => {});
        throw mapAwsError(err, `create ${names.prefix}`);
      }
    },

    async open(options: CallOptions): Promise<void> {
      let state: Registered;
      try {
        state = await registered(options);
      } catch (err) {
        throw mapAwsError(err, `open ${names.prefix}`);
      }
      if (state !== "yes") {
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_STORE",
          `the AWS store ${names.prefix} in ${cfg.region} does not exist${state === "in-between" ? " (it is being created or destroyed)" : ""}`,
          { backend: BACKEND_NAME },
        );
      }
    },

    destroy,
  };
}
