import { SdbError } from "../errors.js";
import type { CompareOp, Expr, Operand, Output, SelectQuery, ValueTest } from "./ast.js";
import type { Token } from "./tokenizer.js";
import { syntaxError, tokenize } from "./tokenizer.js";

const RESERVED = new Set([
  "or",
  "and",
  "not",
  "from",
  "where",
  "select",
  "like",
  "null",
  "is",
  "order",
  "by",
  "asc",
  "desc",
  "in",
  "between",
  "intersection",
  "limit",
  "every",
]);
const COMPARE_OPS = new Set(["=", "!=", "<", "<=", ">", ">="]);

/** Per-expression limits from the SimpleDB guide. */
const MAX_PREDICATES = 20;
const MAX_VALUE_TESTS = 20;
const MAX_REQUESTED_ATTRIBUTES = 256;
const MAX_LIMIT = 2500;
/**
 * Parentheses and `not`s nested deeper than this are refused. Twenty predicates never need
 * more; the cap keeps the recursive descent (and the evaluator's recursion) far from the stack
 * limit, which 10,000 levels would overflow.
 */
const MAX_NESTING = 100;

/**
 * Parses a Select expression into a {@link SelectQuery}.
 *
 * @throws SdbError `InvalidQueryExpression` (syntax), `InvalidSortExpression` (order by on an
 *   unconstrained attribute), `InvalidNumberPredicates`, `InvalidNumberValueTests`,
 *   `TooManyRequestedAttributes`
 * @example
 * ```ts
 * parseSelect("select itemName() from jobs where state in ('new', 'ready') order by itemName()");
 * ```
 * @internal
 */
export function parseSelect(expression: string): SelectQuery {
  return new Parser(tokenize(expression)).parseQuery();
}

class Parser {
  private index = 0;
  private predicates = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): SelectQuery {
    this.expectKeyword("select");
    const output = this.parseOutput();
    this.expectKeyword("from");
    const domain = this.parseName("domain name");
    let where: Expr | undefined;
    if (this.acceptKeyword("where")) where = this.parseExpr();
    let orderBy: SelectQuery["orderBy"];
    if (this.acceptKeyword("order")) {
      this.expectKeyword("by");
      let target: NonNullable<SelectQuery["orderBy"]>["target"];
      if (this.atFunction("itemname")) {
        this.parseItemNameCall();
        target = { kind: "itemName" };
      } else {
        target = { kind: "attr", name: this.parseName("sort attribute") };
      }
      let descending = false;
      if (this.acceptKeyword("desc")) descending = true;
      else this.acceptKeyword("asc");
      orderBy = { target, descending };
    }
    let limit: number | undefined;
    if (this.acceptKeyword("limit")) {
      const token = this.advance();
      if (token.kind !== "number") throw syntaxError(`limit needs an integer (at ${token.pos})`);
      limit = Number(token.text);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new SdbError(
          "InvalidQueryExpression",
          `The limit must be between 1 and ${MAX_LIMIT}; got ${token.text}`,
        );
      }
    }
    const end = this.peek();
    if (end.kind !== "eof") throw syntaxError(`Unexpected '${end.text}' at ${end.pos}`);
    if (orderBy?.target.kind === "attr" && !constrains(where, orderBy.target.name)) {
      throw new SdbError(
        "InvalidSortExpression",
        "The sort attribute must be present in at least one of the predicates, and the predicate cannot include the is null operator.",
      );
    }
    return { output, domain, where, orderBy, limit };
  }

  private parseOutput(): Output {
    if (this.acceptPunct("*")) return { kind: "all" };
    if (this.atFunction("itemname")) {
      this.parseItemNameCall();
      return { kind: "itemName" };
    }
    if (this.atFunction("count")) {
      this.advance();
      this.expectPunct("(");
      this.expectPunct("*");
      this.expectPunct(")");
      return { kind: "count" };
    }
    const names = [this.parseName("attribute name")];
    while (this.acceptPunct(",")) names.push(this.parseName("attribute name"));
    if (names.length > MAX_REQUESTED_ATTRIBUTES) {
      throw new SdbError(
        "TooManyRequestedAttributes",
        `Too many attributes requested (max ${MAX_REQUESTED_ATTRIBUTES}).`,
      );
    }
    return { kind: "attrs", names };
  }

  // intersection binds loosest: each operand is a full or/and expression.
  private parseExpr(): Expr {
    const operands = [this.parseOr()];
    while (this.acceptKeyword("intersection")) operands.push(this.parseOr());
    return operands.length === 1 ? (operands[0] as Expr) : { kind: "intersection", operands };
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.acceptKeyword("or")) left = { kind: "or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.acceptKeyword("and")) left = { kind: "and", left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Expr {
    if (this.acceptKeyword("not")) return { kind: "not", expr: this.nested(() => this.parseNot()) };
    if (this.acceptPunct("(")) {
      const inner = this.nested(() => this.parseExpr());
      this.expectPunct(")");
      return inner;
    }
    return this.parsePredicate();
  }

  private nested(parse: () => Expr): Expr {
    if (++this.depth > MAX_NESTING) {
      const token = this.peek();
      throw syntaxError(`Parentheses and nots nested deeper than ${MAX_NESTING} at ${token.pos}`);
    }
    const expr = parse();
    this.depth--;
    return expr;
  }

  private parsePredicate(): Expr {
    const operand = this.parseOperand();
    // Counted as parsed, so a long chain of ands fails before it builds a deep tree.
    if (++this.predicates > MAX_PREDICATES) {
      throw new SdbError(
        "InvalidNumberPredicates",
        `Too many predicates in the query expression (max ${MAX_PREDICATES}).`,
      );
    }
    if (this.acceptKeyword("is")) {
      if (operand.kind !== "attr") throw syntaxError("is [not] null applies to attributes only");
      const negated = this.acceptKeyword("not");
      this.expectKeyword("null");
      return { kind: "isNull", name: operand.name, negated };
    }
    return { kind: "test", operand, test: this.parseValueTest() };
  }

  private parseValueTest(): ValueTest {
    const token = this.peek();
    if (token.kind === "punct" && COMPARE_OPS.has(token.text)) {
      this.advance();
      return { kind: "compare", op: token.text as CompareOp, value: this.parseValue() };
    }
    if (this.acceptKeyword("not")) {
      this.expectKeyword("like");
      return { kind: "like", pattern: this.parseValue(), negated: true };
    }
    if (this.acceptKeyword("like")) return { kind: "like", pattern: this.parseValue(), negated: false };
    if (this.acceptKeyword("between")) {
      const low = this.parseValue();
      this.expectKeyword("and");
      return { kind: "between", low, high: this.parseValue() };
    }
    if (this.acceptKeyword("in")) {
      this.expectPunct("(");
      const values = [this.parseValue()];
      while (this.acceptPunct(",")) values.push(this.parseValue());
      this.expectPunct(")");
      if (values.length > MAX_VALUE_TESTS) {
        throw new SdbError(
          "InvalidNumberValueTests",
          `Too many value tests in one predicate (max ${MAX_VALUE_TESTS}).`,
        );
      }
      return { kind: "in", values };
    }
    throw syntaxError(`Expected a comparison at ${token.pos}, found '${token.text}'`);
  }

  private parseOperand(): Operand {
    if (this.atFunction("itemname")) {
      this.parseItemNameCall();
      return { kind: "itemName" };
    }
    if (this.atFunction("every")) {
      this.advance();
      this.expectPunct("(");
      const name = this.parseName("attribute name");
      this.expectPunct(")");
      return { kind: "every", name };
    }
    return { kind: "attr", name: this.parseName("attribute name") };
  }

  private parseItemNameCall(): void {
    this.advance();
    this.expectPunct("(");
    this.expectPunct(")");
  }

  private parseName(what: string): string {
    const token = this.advance();
    if (token.kind === "name") return token.text;
    if (token.kind === "word" && !RESERVED.has(token.text.toLowerCase())) return token.text;
    throw syntaxError(`Expected ${what} at ${token.pos}, found '${token.text}'`);
  }

  private parseValue(): string {
    const token = this.advance();
    if (token.kind !== "string")
      throw syntaxError(`Expected a quoted value at ${token.pos}, found '${token.text}'`);
    return token.text;
  }

  private atFunction(lowerName: string): boolean {
    const token = this.peek();
    const next = this.tokens[this.index + 1];
    return (
      token.kind === "word" &&
      token.text.toLowerCase() === lowerName &&
      next?.kind === "punct" &&
      next.text === "("
    );
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind === "word" && token.text.toLowerCase() === keyword) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) {
      const token = this.peek();
      throw syntaxError(
        `Expected '${keyword}' at ${token.pos}, found '${token.text || "end of expression"}'`,
      );
    }
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind === "punct" && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) {
      const token = this.peek();
      throw syntaxError(`Expected '${text}' at ${token.pos}, found '${token.text || "end of expression"}'`);
    }
  }
}

// The sort attribute must appear in some predicate other than `is null`.
function constrains(expr: Expr | undefined, name: string): boolean {
  if (expr === undefined) return false;
  switch (expr.kind) {
    case "test":
      return expr.operand.kind !== "itemName" && expr.operand.name === name;
    case "isNull":
      return expr.negated && expr.name === name;
    case "and":
    case "or":
      return constrains(expr.left, name) || constrains(expr.right, name);
    case "not":
      return constrains(expr.expr, name);
    case "intersection":
      return expr.operands.some((operand) => constrains(operand, name));
  }
}
