import { describe, expect, it } from "vitest";
import type { SimpleDB } from "./helpers.js";
import { expectSdbError, seedItems, useServer } from "./helpers.js";

// The sample data set of the SimpleDB Developer Guide's Select chapter, slightly extended.
const BOOKS = {
  "0385333498": {
    Title: "The Sirens of Titan",
    Author: "Kurt Vonnegut",
    Year: "1959",
    Pages: "00336",
    Keyword: ["Book", "Paperback"],
    Rating: ["*****", "5 stars", "Excellent"],
  },
  "0802131786": {
    Title: "Tropic of Cancer",
    Author: "Henry Miller",
    Year: "1934",
    Pages: "00318",
    Keyword: "Book",
    Rating: "****",
  },
  "1579124585": {
    Title: "The Right Stuff",
    Author: "Tom Wolfe",
    Year: "1979",
    Pages: "00304",
    Keyword: ["Book", "Hardcover", "American"],
    Rating: ["****", "4 stars"],
  },
  B000T9886K: {
    Title: "In Between",
    Author: "Paul Van Dyk",
    Year: "2007",
    Keyword: ["CD", "Trance"],
    Rating: "4 stars",
  },
  B00005JPLW: {
    Title: "300",
    Author: "Zack Snyder",
    Year: "2007",
    Keyword: ["DVD", "Action", "Frank Miller"],
    Rating: ["***", "3 stars", "Not bad"],
  },
  B000SF3NGK: {
    Title: "Heaven's Gonna Burn Your Eyes",
    Author: "Thievery Corporation",
    Year: "2002",
    Rating: "*****",
  },
};
const FROM = "select itemName() from `my-books`";

const names = (out: SimpleDB.SelectResult) => (out.Items ?? []).map((i) => i.Name);

describe("Select where-clause semantics (expression → item names)", () => {
  const t = useServer();

  const table: [string, string[]][] = [
    ["where Title = 'The Right Stuff'", ["1579124585"]],
    ["where Year > '1985'", ["B00005JPLW", "B000SF3NGK", "B000T9886K"]],
    ["where Rating like '****%'", ["0385333498", "0802131786", "1579124585", "B000SF3NGK"]],
    ["where Pages < '00320'", ["0802131786", "1579124585"]],
    ["where Year > '1975' and Year < '2008'", ["1579124585", "B00005JPLW", "B000SF3NGK", "B000T9886K"]],
    ["where Year between '1975' and '2007'", ["1579124585", "B00005JPLW", "B000SF3NGK", "B000T9886K"]],
    ["where Rating = '***' or Rating = '*****'", ["0385333498", "B00005JPLW", "B000SF3NGK"]],
    [
      "where (Year > '1950' and Year < '1960') or Year like '193%' or Year = '2007'",
      ["0385333498", "0802131786", "B00005JPLW", "B000T9886K"],
    ],
    ["where Keyword = 'Book' and Keyword = 'Hardcover'", []],
    ["where Keyword = 'Book' intersection Keyword = 'Hardcover'", ["1579124585"]],
    ["where every(Keyword) in ('Book', 'Paperback')", ["0385333498", "0802131786"]],
    ["where every(Rating) = '****'", ["0802131786"]],
    ["where Keyword is null", ["B000SF3NGK"]],
    ["where Pages is not null", ["0385333498", "0802131786", "1579124585"]],
    ["where Title not like 'The%'", ["0802131786", "B00005JPLW", "B000SF3NGK", "B000T9886K"]],
    ["where itemName() in ('0385333498', 'B000SF3NGK', 'missing')", ["0385333498", "B000SF3NGK"]],
    ["where itemName() like 'B%'", ["B00005JPLW", "B000SF3NGK", "B000T9886K"]],
    ["where Year != '2007'", ["0385333498", "0802131786", "1579124585", "B000SF3NGK"]],
    ["where not Year = '2007'", ["0385333498", "0802131786", "1579124585", "B000SF3NGK"]],
    ["where `Title` = 'Heaven''s Gonna Burn Your Eyes'", ["B000SF3NGK"]],
    ['where Title = "Heaven\'s Gonna Burn Your Eyes"', ["B000SF3NGK"]],
    ["WHERE Year = '1959'", ["0385333498"]],
    ["where Keyword in ('CD', 'DVD') and Year = '2007'", ["B00005JPLW", "B000T9886K"]],
    ["where Year > '2000' intersection Rating = '*****'", ["B000SF3NGK"]],
    ["where Author like 'Van-%' or Title like '%-%'", []],
    ["where itemName() like 'B000-%' or Author like 'Paul Van D%'", ["B000T9886K"]],
  ];

  it.each(table)("%s", async (where, expected) => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb.select({ SelectExpression: `${FROM} ${where}`, ConsistentRead: true }).promise();
    expect(names(out).sort()).toEqual(expected);
  });
});

describe("Select output, order and count", () => {
  const t = useServer();

  it("order by Year desc sorts lexicographically, breaking ties by item name", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: `${FROM} where Year > '1900' order by Year desc` })
      .promise();
    expect(names(out)).toEqual([
      "B000T9886K",
      "B00005JPLW",
      "B000SF3NGK",
      "1579124585",
      "0385333498",
      "0802131786",
    ]);
  });

  it("order by with limit returns the first items of the order", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: `${FROM} where Year is not null order by Year limit 2` })
      .promise();
    expect(names(out)).toEqual(["0802131786", "0385333498"]);
  });

  it("order by itemName() needs no predicate", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: `${FROM} order by itemName() desc limit 2` })
      .promise();
    expect(names(out)).toEqual(["B000T9886K", "B000SF3NGK"]);
  });

  it("an attribute list returns only those attributes", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: "select Title, Year from `my-books` where Year = '1934'" })
      .promise();
    expect(out.Items).toEqual([
      {
        Name: "0802131786",
        Attributes: [
          { Name: "Title", Value: "Tropic of Cancer" },
          { Name: "Year", Value: "1934" },
        ],
      },
    ]);
  });

  it("select * returns every pair including all values of multi-valued attributes", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: "select * from `my-books` where itemName() = '1579124585'" })
      .promise();
    const keywords = (out.Items?.[0]?.Attributes ?? [])
      .filter((a) => a.Name === "Keyword")
      .map((a) => a.Value);
    expect(keywords.sort()).toEqual(["American", "Book", "Hardcover"]);
  });

  it("itemName() output has no attributes", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb.select({ SelectExpression: `${FROM} where Year = '1959'` }).promise();
    expect(out.Items?.map((i) => [i.Name, i.Attributes ?? []])).toEqual([["0385333498", []]]);
  });

  it("count(*) returns one item named Domain with a Count attribute", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const out = await t.sdb
      .select({ SelectExpression: "select count(*) from `my-books` where Keyword = 'Book'" })
      .promise();
    expect(out.Items).toEqual([{ Name: "Domain", Attributes: [{ Name: "Count", Value: "3" }] }]);
  });
});

describe("Select paging", () => {
  const t = useServer();
  const items = Object.fromEntries(
    Array.from({ length: 250 }, (_, i) => [`item${String(i).padStart(3, "0")}`, { n: String(i % 7) }]),
  );

  it("returns 100 items by default and pages through the rest with NextToken", async () => {
    await seedItems(t.sdb, "big", items);
    const first = await t.sdb.select({ SelectExpression: "select * from big" }).promise();
    expect(first.Items).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const seen = new Set(names(first));
    let token = first.NextToken;
    let pages = 1;
    while (token !== undefined) {
      const page = await t.sdb.select({ SelectExpression: "select * from big", NextToken: token }).promise();
      for (const name of names(page)) {
        expect(seen.has(name)).toBe(false);
        seen.add(name);
      }
      token = page.NextToken;
      pages++;
    }
    expect(seen.size).toBe(250);
    expect(pages).toBe(3);
  });

  it("emits line-wrapped tokens like the real service, which must be passed back verbatim", async () => {
    await seedItems(t.sdb, "big", items);
    const out = await t.sdb
      .select({ SelectExpression: "select * from big where n = '1' order by n limit 3" })
      .promise();
    expect(out.NextToken).toContain("\n");
  });

  it("count(*) with a limit counts up to the limit and continues with NextToken", async () => {
    await seedItems(t.sdb, "big", items);
    let total = 0;
    let token: string | undefined;
    let calls = 0;
    do {
      const out = await t.sdb
        .select({ SelectExpression: "select count(*) from big limit 60", NextToken: token })
        .promise();
      total += Number(out.Items?.[0]?.Attributes?.[0]?.Value);
      token = out.NextToken;
      calls++;
    } while (token !== undefined);
    expect(total).toBe(250);
    expect(calls).toBe(5);
  });

  it("accepts a count token for the matching select (offset idiom)", async () => {
    await seedItems(t.sdb, "big", items);
    const count = await t.sdb.select({ SelectExpression: "select count(*) from big limit 240" }).promise();
    const rest = await t.sdb
      .select({ SelectExpression: "select itemName() from big", NextToken: count.NextToken })
      .promise();
    expect(names(rest)).toEqual(Array.from({ length: 10 }, (_, i) => `item${240 + i}`));
  });

  it("rejects a token from a different query with InvalidNextToken", async () => {
    await seedItems(t.sdb, "big", items);
    const out = await t.sdb.select({ SelectExpression: "select * from big limit 5" }).promise();
    await expectSdbError(
      t.sdb
        .select({ SelectExpression: "select * from big where n = '1'", NextToken: out.NextToken })
        .promise(),
      "InvalidNextToken",
      400,
    );
    await expectSdbError(
      t.sdb.select({ SelectExpression: "select * from big", NextToken: "bm9wZQ==" }).promise(),
      "InvalidNextToken",
      400,
    );
  });
});

describe("Select page size cap", () => {
  const t = useServer({ limits: { maxSelectPageBytes: 6000 } });

  it("cuts a page at the byte cap before the limit and returns a NextToken", async () => {
    const value = "v".repeat(1000);
    await seedItems(
      t.sdb,
      "wide",
      Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`i${String(i).padStart(2, "0")}`, { a: value }]),
      ),
    );
    const first = await t.sdb.select({ SelectExpression: "select * from wide limit 2500" }).promise();
    expect(first.Items?.length).toBeGreaterThan(0);
    expect(first.Items?.length).toBeLessThan(20);
    expect(first.NextToken).toBeDefined();
  });
});

describe("Select errors", () => {
  const t = useServer();

  it.each([
    "select * from `my-books` where Year > 1975",
    "select * from",
    "select * from `my-books` where",
    "select * from `my-books` where Title = 'unterminated",
    "select * frm `my-books`",
    "select * from `my-books` where select = '1'",
    "select * from `my-books` where Year = '1' and",
    "select * from `my-books` limit 2501",
    "select * from `my-books` limit 0",
    "select * from `my-books` where Year ~ '1'",
    "select * from my-books",
    "select from `my-books`",
  ])("%s → InvalidQueryExpression 400", async (expression) => {
    await seedItems(t.sdb, "my-books", BOOKS);
    await expectSdbError(
      t.sdb.select({ SelectExpression: expression }).promise(),
      "InvalidQueryExpression",
      400,
    );
  });

  it.each([
    "select * from `my-books` order by Year",
    "select * from `my-books` where Year is null order by Year",
    "select * from `my-books` where Title = 'x' order by Year",
  ])("%s → InvalidSortExpression 400", async (expression) => {
    await seedItems(t.sdb, "my-books", BOOKS);
    await expectSdbError(
      t.sdb.select({ SelectExpression: expression }).promise(),
      "InvalidSortExpression",
      400,
    );
  });

  it("fails for an unknown domain with NoSuchDomain 400", async () => {
    await expectSdbError(
      t.sdb.select({ SelectExpression: "select * from nosuch" }).promise(),
      "NoSuchDomain",
      400,
    );
  });

  it("fails more than 20 predicates with InvalidNumberPredicates", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const where = Array.from({ length: 21 }, (_, i) => `Year = '${i}'`).join(" or ");
    await expectSdbError(
      t.sdb.select({ SelectExpression: `select * from \`my-books\` where ${where}` }).promise(),
      "InvalidNumberPredicates",
      400,
    );
  });

  it.each([
    ["10,000 nested parentheses", `${"(".repeat(10_000)}Year = '1'${")".repeat(10_000)}`],
    ["10,000 nested nots", `${"not ".repeat(10_000)}Year = '1'`],
  ])("fails %s with InvalidQueryExpression 400, not a stack overflow", async (_, where) => {
    await seedItems(t.sdb, "my-books", BOOKS);
    await expectSdbError(
      t.sdb.select({ SelectExpression: `select * from \`my-books\` where ${where}` }).promise(),
      "InvalidQueryExpression",
      400,
    );
  });

  it("fails 10,000 chained ands with InvalidNumberPredicates even with an order by", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const where = Array.from({ length: 10_000 }, () => "Year = '1'").join(" and ");
    await expectSdbError(
      t.sdb.select({ SelectExpression: `select * from \`my-books\` where ${where} order by Year` }).promise(),
      "InvalidNumberPredicates",
      400,
    );
  });

  it("accepts parentheses and nots nested 50 deep", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const nested = `${"(not ".repeat(50)}Year = '1959'${")".repeat(50)}`;
    const out = await t.sdb
      .select({ SelectExpression: `select * from \`my-books\` where ${nested}`, ConsistentRead: true })
      .promise();
    expect(names(out)).toEqual(["0385333498"]);
  });

  it("fails an in() list of 21 values with InvalidNumberValueTests", async () => {
    await seedItems(t.sdb, "my-books", BOOKS);
    const list = Array.from({ length: 21 }, (_, i) => `'${i}'`).join(", ");
    await expectSdbError(
      t.sdb.select({ SelectExpression: `select * from \`my-books\` where Year in (${list})` }).promise(),
      "InvalidNumberValueTests",
      400,
    );
  });
});
