import { describe, expect, it } from "vitest";
import type { ItemAttrs } from "../src/internal/item-ops.js";
import { compareStrings } from "../src/internal/select/compare.js";
import { compileWhere } from "../src/internal/select/evaluator.js";
import { likeToRegExp } from "../src/internal/select/like.js";
import { parseSelect } from "../src/internal/select/parser.js";
import { tokenize } from "../src/internal/select/tokenizer.js";
import { codeOf } from "./code-of.js";

const item = (attrs: Record<string, string | string[]>): ItemAttrs =>
  new Map(Object.entries(attrs).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
const where = (clause: string) => compileWhere(parseSelect(`select * from d where ${clause}`).where);

describe("tokenize", () => {
  it("collapses doubled quotes inside values and doubled backticks inside names", () => {
    const tokens = tokenize('`a``b` = \'It\'\'s\' "say ""hi"""');
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ["name", "a`b"],
      ["punct", "="],
      ["string", "It's"],
      ["string", 'say "hi"'],
      ["eof", ""],
    ]);
  });

  it("reads two-character operators as one token", () => {
    expect(
      tokenize("a != 'x' and b <= 'y' and c >= 'z'")
        .filter((t) => t.kind === "punct")
        .map((t) => t.text),
    ).toEqual(["!=", "<=", ">="]);
  });

  it("rejects an unterminated value with InvalidQueryExpression", () => {
    expect(codeOf(() => tokenize("a = 'open"))).toBe("InvalidQueryExpression");
  });

  it("rejects a bare name starting with a digit", () => {
    expect(codeOf(() => tokenize("select 1abc from d"))).toBe("InvalidQueryExpression");
  });
});

describe("parseSelect", () => {
  it("parses output, domain, where, order and limit", () => {
    const q = parseSelect("SELECT a, `b c` FROM `my-domain` WHERE a > '1' ORDER BY a DESC LIMIT 5");
    expect(q).toEqual({
      output: { kind: "attrs", names: ["a", "b c"] },
      domain: "my-domain",
      where: {
        kind: "test",
        operand: { kind: "attr", name: "a" },
        test: { kind: "compare", op: ">", value: "1" },
      },
      orderBy: { target: { kind: "attr", name: "a" }, descending: true },
      limit: 5,
    });
  });

  it("binds and tighter than or, and intersection loosest", () => {
    const q = parseSelect("select * from d where a = '1' or b = '2' and c = '3' intersection d = '4'");
    expect(q.where?.kind).toBe("intersection");
    const left = q.where?.kind === "intersection" ? q.where.operands[0] : undefined;
    expect(left?.kind).toBe("or");
    expect(left?.kind === "or" ? left.right.kind : undefined).toBe("and");
  });

  it("accepts reserved words as names only in backticks", () => {
    expect(parseSelect("select * from d where `from` = 'x'").where).toMatchObject({
      operand: { name: "from" },
    });
    expect(codeOf(() => parseSelect("select * from d where from = 'x'"))).toBe("InvalidQueryExpression");
  });

  it("parses count(*), itemName(), every(), between, in, is not null and not like", () => {
    expect(parseSelect("select count(*) from d").output).toEqual({ kind: "count" });
    expect(parseSelect("select itemName() from d").output).toEqual({ kind: "itemName" });
    const q = parseSelect(
      "select * from d where every(a) between 'a' and 'c' and b in ('1','2') and c is not null and d not like 'x%'",
    );
    expect(JSON.stringify(q.where)).toContain('"kind":"every"');
    expect(JSON.stringify(q.where)).toContain('"kind":"isNull","name":"c","negated":true');
    expect(JSON.stringify(q.where)).toContain('"kind":"like","pattern":"x%","negated":true');
  });

  it("requires the sort attribute in a non-is-null predicate (InvalidSortExpression)", () => {
    expect(codeOf(() => parseSelect("select * from d where b = '1' order by a"))).toBe(
      "InvalidSortExpression",
    );
    expect(codeOf(() => parseSelect("select * from d where a is null order by a"))).toBe(
      "InvalidSortExpression",
    );
    expect(parseSelect("select * from d where a is not null order by a").orderBy).toBeDefined();
    expect(parseSelect("select * from d where every(a) > '1' order by a asc").orderBy?.descending).toBe(
      false,
    );
  });

  it("rejects more than 256 requested attributes with TooManyRequestedAttributes", () => {
    const list = Array.from({ length: 257 }, (_, i) => `a${i}`).join(", ");
    expect(codeOf(() => parseSelect(`select ${list} from d`))).toBe("TooManyRequestedAttributes");
  });

  it("rejects 21 predicates (and so 21 distinct attributes) with InvalidNumberPredicates", () => {
    const clause = Array.from({ length: 21 }, (_, i) => `a${i} is null`).join(" or ");
    expect(codeOf(() => parseSelect(`select * from d where ${clause}`))).toBe("InvalidNumberPredicates");
  });

  it.each([
    "select * from d where a = b",
    "select * from d where (a = '1'",
    "select * from d where a in ()",
    "select * from d limit '5'",
    "select * from d where itemName() is null",
  ])("rejects %j with InvalidQueryExpression", (expression) => {
    expect(codeOf(() => parseSelect(expression))).toBe("InvalidQueryExpression");
  });
});

describe("compileWhere (multi-valued semantics)", () => {
  const book = item({ Keyword: ["Book", "Hardcover"], Year: "1979", Rating: ["****", "4 stars"] });

  it("matches a comparison when any value satisfies it", () => {
    expect(where("Keyword = 'Hardcover'")("i", book)).toBe(true);
    expect(where("Keyword = 'DVD'")("i", book)).toBe(false);
  });

  it("tests and-ed comparisons on one attribute against a single value", () => {
    expect(where("Keyword = 'Book' and Keyword = 'Hardcover'")("i", book)).toBe(false);
    expect(where("Keyword = 'Book' or Keyword = 'Nope'")("i", book)).toBe(true);
    expect(where("Rating > '3' and Rating < '5'")("i", book)).toBe(true);
  });

  it("intersection lets each side pick its own value", () => {
    expect(where("Keyword = 'Book' intersection Keyword = 'Hardcover'")("i", book)).toBe(true);
  });

  it("every() requires all values to satisfy the test and at least one value", () => {
    expect(where("every(Keyword) in ('Book', 'Hardcover')")("i", book)).toBe(true);
    expect(where("every(Keyword) = 'Book'")("i", book)).toBe(false);
    expect(where("every(Missing) = 'x'")("i", book)).toBe(false);
  });

  it("is null / is not null look at the whole value set", () => {
    expect(where("Missing is null")("i", book)).toBe(true);
    expect(where("Keyword is not null")("i", book)).toBe(true);
    expect(where("Keyword is null")("i", book)).toBe(false);
  });

  it("comparisons on a missing attribute are false, including !=", () => {
    expect(where("Missing != 'x'")("i", book)).toBe(false);
    expect(where("Missing < 'zzz'")("i", book)).toBe(false);
    expect(where("not Missing = 'x'")("i", book)).toBe(true);
  });

  it("not over a multi-valued attribute means some value fails the test", () => {
    expect(where("not Keyword = 'Book'")("i", book)).toBe(true);
    expect(where("not Year = '1979'")("i", book)).toBe(false);
  });

  it("itemName() compares the item name", () => {
    expect(where("itemName() between 'a' and 'c'")("b1", book)).toBe(true);
    expect(where("itemName() like 'x%'")("b1", book)).toBe(false);
  });

  it("compares lexicographically, not numerically", () => {
    expect(where("Year > '200'")("i", item({ Year: "1979" }))).toBe(false);
    expect(where("n < '9'")("i", item({ n: "10" }))).toBe(true);
  });

  it("is case-sensitive", () => {
    expect(where("Keyword = 'book'")("i", book)).toBe(false);
  });
});

describe("likeToRegExp", () => {
  it("treats % as any run, \\% as a literal percent and other characters literally", () => {
    expect(likeToRegExp("%3\\%").test("13%")).toBe(true);
    expect(likeToRegExp("%3\\%").test("13")).toBe(false);
    expect(likeToRegExp("a_c").test("abc")).toBe(false);
    expect(likeToRegExp("a.c%").test("a.cdef")).toBe(true);
    expect(likeToRegExp("a.c%").test("abc")).toBe(false);
    expect(likeToRegExp("%line%").test("multi\nline\ntext")).toBe(true);
  });

  it("matches every printable ASCII character but % and \\ literally, including - in UUID prefixes", () => {
    for (let code = 0x20; code < 0x7f; code++) {
      const c = String.fromCharCode(code);
      if (c === "%" || c === "\\") continue;
      expect(likeToRegExp(`${c}%`).test(`${c}tail`), c).toBe(true);
      expect(likeToRegExp(`${c}%`).test(`é${c}`), c).toBe(false);
    }
    expect(likeToRegExp("3f2a9c1e-7b%").test("3f2a9c1e-7b40-4c1a")).toBe(true);
  });
});

describe("compareStrings", () => {
  it("orders by code point, so astral characters sort after U+FFFD", () => {
    expect(compareStrings("\u{1F600}", "\uFFFD")).toBeGreaterThan(0);
    expect(compareStrings("a", "b")).toBeLessThan(0);
    expect(compareStrings("ab", "a")).toBeGreaterThan(0);
    expect(compareStrings("x", "x")).toBe(0);
  });
});
