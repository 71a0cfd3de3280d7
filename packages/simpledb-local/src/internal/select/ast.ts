/**
 * Left-hand side of a predicate: an attribute (any value may match), `itemName()`, or
 * `every(attr)` (all values must match).
 * @example
 * ```ts
 * const operand: Operand = { kind: "every", name: "tag" };
 * ```
 * @internal
 */
export type Operand = { kind: "attr"; name: string } | { kind: "itemName" } | { kind: "every"; name: string };

/**
 * Comparison operators of the Select grammar.
 * @example
 * ```ts
 * const op: CompareOp = ">=";
 * ```
 * @internal
 */
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/**
 * A test on one value: the part of a predicate after its left-hand side.
 * @example
 * ```ts
 * const test: ValueTest = { kind: "between", low: "a", high: "m" };
 * ```
 * @internal
 */
export type ValueTest =
  | { kind: "compare"; op: CompareOp; value: string }
  | { kind: "like"; pattern: string; negated: boolean }
  | { kind: "between"; low: string; high: string }
  | { kind: "in"; values: string[] };

/**
 * A where-clause node.
 * @example
 * ```ts
 * const expr: Expr = { kind: "isNull", name: "owner", negated: true };
 * ```
 * @internal
 */
export type Expr =
  | { kind: "test"; operand: Operand; test: ValueTest }
  | { kind: "isNull"; name: string; negated: boolean }
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "not"; expr: Expr }
  | { kind: "intersection"; operands: Expr[] };

/**
 * What a Select returns per item.
 * @example
 * ```ts
 * const output: Output = { kind: "attrs", names: ["state", "owner"] };
 * ```
 * @internal
 */
export type Output =
  | { kind: "all" }
  | { kind: "itemName" }
  | { kind: "count" }
  | { kind: "attrs"; names: string[] };

/**
 * A parsed Select expression.
 *
 * @example
 * ```ts
 * const q: SelectQuery = parseSelect("select * from jobs where state = 'new' limit 10");
 * ```
 * @internal
 */
export interface SelectQuery {
  output: Output;
  domain: string;
  where: Expr | undefined;
  orderBy: { target: { kind: "attr"; name: string } | { kind: "itemName" }; descending: boolean } | undefined;
  /** Explicit `limit`, if any. */
  limit: number | undefined;
}
