/**
 * Property test: random sequences of puts, deletes and conditional writes go
 * through our client to simpledb-local, and every outcome (success or error
 * code) and the final item state must match a pure model of SimpleDB's
 * set-of-pairs semantics (reference §2.2 and §5.2).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateDomainCommand,
  DeleteAttributesCommand,
  GetAttributesCommand,
  isSimpleDbError,
  PutAttributesCommand,
  type UpdateCondition,
} from "../src/index.js";
import { sortPairs, startLocal } from "./local-fixture.js";

type Item = Map<string, Set<string>>;
type Model = Map<string, Item>;

const ITEMS = ["i1", "i2"];
const NAMES = ["a", "b"];
const VALUES = ["1", "2", "ctl\u0001"]; // the last one travels base64-encoded

type Op =
  | {
      kind: "put";
      item: string;
      attrs: { Name: string; Value: string; Replace?: boolean }[];
      expected?: UpdateCondition;
    }
  | { kind: "delete"; item: string; attrs?: { Name: string; Value?: string }[]; expected?: UpdateCondition };

const name = fc.constantFrom(...NAMES);
const value = fc.constantFrom(...VALUES);
const expected: fc.Arbitrary<UpdateCondition | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ Name: name, Value: value }),
  fc.record({ Name: name, Exists: fc.constant(false) }),
  fc.record({ Name: name, Value: value, Exists: fc.constant(true) }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("put" as const),
    item: fc.constantFrom(...ITEMS),
    attrs: fc.array(
      fc.record({ Name: name, Value: value, Replace: fc.option(fc.boolean(), { nil: undefined }) }),
      { minLength: 1, maxLength: 3 },
    ),
    expected,
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    item: fc.constantFrom(...ITEMS),
    attrs: fc.option(
      fc.array(fc.record({ Name: name, Value: fc.option(value, { nil: undefined }) }), {
        minLength: 1,
        maxLength: 2,
      }),
      {
        nil: undefined,
      },
    ),
    expected,
  }),
);

/** The error codes SimpleDB may answer for a failed condition (none = the write applies). */
function checkCondition(item: Item | undefined, cond: UpdateCondition | undefined): string[] | undefined {
  if (cond === undefined) return undefined;
  const values = item?.get(cond.Name ?? "");
  const present = values !== undefined && values.size > 0;
  if (cond.Exists === false) {
    // Exists=false on a multi-valued attribute: either refusal is a refusal.
    return present ? ["ConditionalCheckFailed", "MultiValuedAttribute"] : undefined;
  }
  if (!present) return ["AttributeDoesNotExist"];
  if (values.size > 1) return ["MultiValuedAttribute"];
  return values.has(cond.Value ?? "") ? undefined : ["ConditionalCheckFailed"];
}

/** Applies `op` to the model; returns the acceptable error codes, or undefined on success. */
function applyModel(model: Model, o: Op): string[] | undefined {
  const item = model.get(o.item);
  const refused = checkCondition(item, o.expected);
  if (refused !== undefined) return refused;
  const next: Item = new Map([...(item ?? new Map<string, Set<string>>())].map(([k, v]) => [k, new Set(v)]));
  if (o.kind === "put") {
    // Replace clears each name once per request, then every pair is added.
    for (const a of o.attrs) if (a.Replace) next.delete(a.Name);
    for (const a of o.attrs) next.set(a.Name, (next.get(a.Name) ?? new Set()).add(a.Value));
  } else if (o.attrs === undefined) {
    next.clear();
  } else {
    for (const a of o.attrs) {
      if (a.Value === undefined) next.delete(a.Name);
      else next.get(a.Name)?.delete(a.Value);
      if (next.get(a.Name)?.size === 0) next.delete(a.Name);
    }
  }
  if (next.size === 0) model.delete(o.item);
  else model.set(o.item, next);
  return undefined;
}

function modelPairs(model: Model, item: string) {
  return sortPairs(
    [...(model.get(item) ?? [])].flatMap(([Name, vs]) => [...vs].map((Value) => ({ Name, Value }))),
  );
}

describe("client against simpledb-local matches the SimpleDB model", () => {
  let fx: Awaited<ReturnType<typeof startLocal>>;
  beforeAll(async () => {
    fx = await startLocal();
  });
  afterAll(async () => {
    await fx.close();
  });

  it("put/delete/conditional sequences produce the modelled outcomes and state", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        // A fresh, empty store for every run.
        fx.server.reset();
        await fx.client.send(new CreateDomainCommand({ DomainName: "model" }));
        const model: Model = new Map();
        for (const o of ops) {
          const want = applyModel(model, o);
          const cmd =
            o.kind === "put"
              ? new PutAttributesCommand({
                  DomainName: "model",
                  ItemName: o.item,
                  Attributes: o.attrs,
                  Expected: o.expected,
                })
              : new DeleteAttributesCommand({
                  DomainName: "model",
                  ItemName: o.item,
                  Attributes: o.attrs,
                  Expected: o.expected,
                });
          const got = await fx.client.send(cmd as PutAttributesCommand).then(
            () => undefined,
            (e: unknown) => {
              if (!isSimpleDbError(e)) throw e;
              return e.Code;
            },
          );
          if (want === undefined) expect(got, JSON.stringify(o)).toBeUndefined();
          else expect(want, JSON.stringify(o)).toContain(got);
        }
        for (const item of ITEMS) {
          const out = await fx.client.send(
            new GetAttributesCommand({ DomainName: "model", ItemName: item, ConsistentRead: true }),
          );
          expect(sortPairs(out.Attributes)).toEqual(modelPairs(model, item));
        }
      }),
      { numRuns: 50 },
    );
    // Usually about a second; the margin is for loaded CI machines.
  }, 60_000);
});
