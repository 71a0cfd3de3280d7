import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { CreateDomainCommand, PutAttributesCommand, paginateListDomains } from "@jobstore/client-simpledb";
import { createJobStore } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { localBackend, makeS3, makeSimpleDb, stackAvailable, uniquePrefix } from "./local-stack.js";

const s3 = makeS3();
const sdb = makeSimpleDb();
const leftovers: string[] = [];
afterEach(async () => {
  for (const prefix of leftovers.splice(0)) await createJobStore(localBackend(prefix)).destroy();
});

async function domainsOf(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListDomains({ client: sdb }, {})) names.push(...(page.DomainNames ?? []));
  return names.filter((d) => d.startsWith(`${prefix}--`));
}

async function bucketExists(bucket: string): Promise<boolean> {
  return s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );
}

describe.skipIf(!stackAvailable)("destroying half-created stores", () => {
  it("destroy removes a bucket whose domains were never made", async () => {
    const prefix = uniquePrefix("h");
    leftovers.push(prefix);
    await s3.send(new CreateBucketCommand({ Bucket: `${prefix}--files` }));
    await createJobStore(localBackend(prefix)).destroy();
    expect(await bucketExists(`${prefix}--files`)).toBe(false);
  });

  it("destroy removes domains whose bucket was never made, and the prefix can be initialized again", async () => {
    const prefix = uniquePrefix("h");
    leftovers.push(prefix);
    await sdb.send(new CreateDomainCommand({ DomainName: `${prefix}--jobs` }));
    await sdb.send(new CreateDomainCommand({ DomainName: `${prefix}--files` }));
    await sdb.send(
      new PutAttributesCommand({
        DomainName: "jobstore-registry",
        ItemName: prefix,
        Attributes: [{ Name: "exists", Value: "False", Replace: true }],
      }),
    );
    const store = createJobStore(localBackend(prefix));
    await expect(store.resume()).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
    await store.destroy();
    expect(await domainsOf(prefix)).toEqual([]);
    await store.initialize();
    expect((await domainsOf(prefix)).sort()).toEqual([`${prefix}--files`, `${prefix}--jobs`]);
    await store.destroy();
    await store.destroy();
    expect(await bucketExists(`${prefix}--files`)).toBe(false);
  });

  it("destroy on a prefix that never existed succeeds and creates nothing", async () => {
    const prefix = uniquePrefix("h");
    await createJobStore(localBackend(prefix)).destroy();
    expect(await domainsOf(prefix)).toEqual([]);
    expect(await bucketExists(`${prefix}--files`)).toBe(false);
  });
});
