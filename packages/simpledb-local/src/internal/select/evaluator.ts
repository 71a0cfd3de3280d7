import type { ItemAttrs } from "../item-ops.js";
import type { Expr, ValueTest } from "./ast.js";
import { compareStrings } from "./compare.js";
import { likeToRegExp } from "./like.js";

/**
 * A compiled where clause.
 * @example
 * ```ts
 * const matches: ItemPredicate = compileWhere(undefined); // matches every item
 * ```
 * @internal
 */
export type ItemPredicate = (itemName: string, attrs: ItemAttrs) => boolean;

type Env = Map<string, string | undefined>;
type TestFn = (value: string) => boolean;

// Beyond this many value combinations per item, fall back to testing predicates independently.
const MAX_ASSIGNMENTS = 100_000;

/**
 * Compiles a where clause with SimpleDB's multi-valued semantics.
 *
 * @remarks Within one `intersection` operand an item matches when some choice of one value per
 * attribute makes the expression true, so `a = '1' and a = '2'` never matches while
 * `a = '1' intersection a = '2'` matches an item holding both. `every(a)` and `is [not] null`
 * look at the whole value set. An attribute used in only one predicate needs no enumeration:
 * "some value satisfies" (or "every value does", under an odd number of `not`s) is exact there.
 * @example
 * ```ts
 * const matches = compileWhere(parseSelect("select * from d where a > '5'").where);
 * matches("item1", new Map([["a", ["7"]]])); // true
 * ```
 * @internal
 */
export function compileWhere(expr: Expr | undefined): ItemPredicate {
  if (expr === undefined) return () => true;
  const scope = new Scope(expr);
  return (itemName, attrs) => scope.matches(itemName, attrs);
}

class Scope {
  private readonly enumerated: string[];
  private readonly tests = new Map<ValueTest, TestFn>();
  private readonly children = new Map<Expr, Scope>();

  constructor(private readonly root: Expr) {
    const uses = new Map<string, number>();
    this.collect(root, uses);
    this.enumerated = [...uses].filter(([, count]) => count > 1).map(([name]) => name);
  }

  matches(itemName: string, attrs: ItemAttrs): boolean {
    if (this.enumerated.length === 0) return this.evaluate(this.root, itemName, attrs, undefined, false);
    let combinations = 1;
    const domains: (readonly (string | undefined)[])[] = this.enumerated.map((name) => {
      const values = attrs.get(name);
      const domain = values === undefined || values.length === 0 ? [undefined] : values;
      combinations *= domain.length;
      return domain;
    });
    if (combinations > MAX_ASSIGNMENTS) return this.evaluate(this.root, itemName, attrs, undefined, false);
    const env: Env = new Map();
    const search = (depth: number): boolean => {
      if (depth === domains.length) return this.evaluate(this.root, itemName, attrs, env, false);
      for (const value of domains[depth] as (string | undefined)[]) {
        env.set(this.enumerated[depth] as string, value);
        if (search(depth + 1)) return true;
      }
      return false;
    };
    return search(0);
  }

  private collect(expr: Expr, uses: Map<string, number>): void {
    switch (expr.kind) {
      case "test":
        this.tests.set(expr.test, compileTest(expr.test));
        if (expr.operand.kind === "attr") uses.set(expr.operand.name, (uses.get(expr.operand.name) ?? 0) + 1);
        return;
      case "isNull":
        return;
      case "and":
      case "or":
        this.collect(expr.left, uses);
        this.collect(expr.right, uses);
        return;
      case "not":
        this.collect(expr.expr, uses);
        return;
      case "intersection":
        // Each operand picks its own values: it is a separate scope.
        for (const operand of expr.operands) this.children.set(operand, new Scope(operand));
        return;
    }
  }

  private evaluate(
    expr: Expr,
    itemName: string,
    attrs: ItemAttrs,
    env: Env | undefined,
    negated: boolean,
  ): boolean {
    switch (expr.kind) {
      case "test": {
        const test = this.tests.get(expr.test) as TestFn;
        const operand = expr.operand;
        if (operand.kind === "itemName") return test(itemName);
        const values = attrs.get(operand.name);
        if (operand.kind === "every") return values !== undefined && values.length > 0 && values.every(test);
        if (env?.has(operand.name)) {
          const value = env.get(operand.name);
          return value !== undefined && test(value);
        }
        if (values === undefined || values.length === 0) return false;
        return negated ? values.every(test) : values.some(test);
      }
      case "isNull": {
        const values = attrs.get(expr.name);
        const isNull = values === undefined || values.length === 0;
        return expr.negated ? !isNull : isNull;
      }
      case "and":
        return (
          this.evaluate(expr.left, itemName, attrs, env, negated) &&
          this.evaluate(expr.right, itemName, attrs, env, negated)
        );
      case "or":
        return (
          this.evaluate(expr.left, itemName, attrs, env, negated) ||
          this.evaluate(expr.right, itemName, attrs, env, negated)
        );
      case "not":
        return !this.evaluate(expr.expr, itemName, attrs, env, !negated);
      case "intersection":
        return expr.operands.every((operand) =>
          (this.children.get(operand) as Scope).matches(itemName, attrs),
        );
    }
  }
}

function compileTest(test: ValueTest): TestFn {
  switch (test.kind) {
    case "compare": {
      const expected = test.value;
      switch (test.op) {
        case "=":
          return (v) => v === expected;
        case "!=":
          return (v) => v !== expected;
        case "<":
          return (v) => compareStrings(v, expected) < 0;
        case "<=":
          return (v) => compareStrings(v, expected) <= 0;
        case ">":
          return (v) => compareStrings(v, expected) > 0;
        case ">=":
          return (v) => compareStrings(v, expected) >= 0;
      }
      break;
    }
    case "like": {
      const regexp = likeToRegExp(test.pattern);
      return test.negated ? (v) => !regexp.test(v) : (v) => regexp.test(v);
    }
    case "between": {
      const { low, high } = test;
      return (v) => compareStrings(v, low) >= 0 && compareStrings(v, high) <= 0;
    }
    case "in": {
      const set = new Set(test.values);
      return (v) => set.has(v);
    }
  }
  throw new Error("unreachable");
}
