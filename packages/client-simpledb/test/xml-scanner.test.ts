import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ARRAY_TAGS, XML_PARSER_OPTIONS } from "../src/protocol/xml.js";
import { scanXml } from "../src/protocol/xml-scanner.js";

const library = new XMLParser(XML_PARSER_OPTIONS);
const NS = 'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"';

/** fast-xml-parser's tree without what no reader looks at: the declaration and text beside children. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).filter(([k]) => k !== "?xml");
  const hasChildren = entries.some(([k]) => !k.startsWith("@_") && k !== "#text");
  return Object.fromEntries(
    entries.filter(([k]) => !(hasChildren && k === "#text")).map(([k, v]) => [k, comparable(v)]),
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

/** Characters XML can carry, including ones that need escaping and surrogate pairs. */
const xmlText = fc.string({ unit: fc.constantFrom(..."ab Z09 &<>'\"=/\r\n\t%é😀"), maxLength: 12 });

/** A name or value as simpledb-local writes it: escaped text, or base64 with encoding="base64". */
const textElement = (tag: string) =>
  fc.oneof(
    xmlText.map((t) => `<${tag}>${escapeXml(t)}</${tag}>`),
    fc
      .string({ maxLength: 12 })
      .map((t) => `<${tag} encoding="base64">${Buffer.from(t).toString("base64")}</${tag}>`),
    fc.constant(`<${tag}/>`),
    fc.constant(`<${tag}></${tag}>`),
  );
const attribute = fc
  .tuple(textElement("Name"), textElement("Value"))
  .map(([n, v]) => `<Attribute>${n}${v}</Attribute>`);
const ws = fc.constantFrom("", "\n", "\n  ");
const meta =
  "<ResponseMetadata><RequestId>7a1f</RequestId><BoxUsage>0.0000093222</BoxUsage></ResponseMetadata>";
const documents = fc.oneof(
  fc
    .tuple(fc.array(attribute, { maxLength: 4 }), ws)
    .map(
      ([attrs, w]) =>
        `<?xml version="1.0"?>\n<GetAttributesResponse ${NS}><GetAttributesResult>${attrs.join(w)}</GetAttributesResult>${meta}</GetAttributesResponse>`,
    ),
  fc
    .tuple(
      fc.array(fc.tuple(textElement("Name"), fc.array(attribute, { maxLength: 3 })), { maxLength: 3 }),
      fc.string({ maxLength: 20 }),
    )
    .map(
      ([items, token]) =>
        `<SelectResponse ${NS}><SelectResult>${items.map(([n, a]) => `<Item>${n}${a.join("")}</Item>`).join("\n")}<NextToken>${escapeXml(token)}</NextToken></SelectResult>${meta}</SelectResponse>`,
    ),
  fc
    .array(fc.stringMatching(/^[a-z0-9._-]{3,8}$/), { maxLength: 3 })
    .map(
      (names) =>
        `<ListDomainsResponse ${NS}><ListDomainsResult>${names.map((d) => `<DomainName>${d}</DomainName>`).join("")}</ListDomainsResult>${meta}</ListDomainsResponse>`,
    ),
  fc
    .constantFrom("NoSuchDomain", "ConditionalCheckFailed")
    .map(
      (code) =>
        `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${code}</Code><Message>It &amp; failed</Message><BoxUsage>0.0000137200</BoxUsage></Error></Errors><RequestID>9b</RequestID></Response>`,
    ),
);

describe("scanXml", () => {
  it("builds the same tree as fast-xml-parser for SimpleDB responses", () => {
    fc.assert(
      fc.property(documents, (xml) => {
        expect(scanXml(xml, ARRAY_TAGS)).toEqual(comparable(library.parse(xml)));
      }),
      { numRuns: 300 },
    );
  });

  it("makes a repeated tag an array and keeps a single one plain, as fast-xml-parser does", () => {
    const xml = "<A><B>1</B><B>2</B><C>3</C><sdb:D sdb:x='y'>t</sdb:D></A>";
    expect(scanXml(xml, ARRAY_TAGS)).toEqual(comparable(library.parse(xml)));
  });

  it.each([
    ["a comment", "<A><!-- c --><B>1</B></A>"],
    ["CDATA", "<A><![CDATA[x]]></A>"],
    ["a mismatched end tag", "<A><B>1</C></A>"],
    ["an unclosed element", "<A><B>1</B>"],
    ["a malformed attribute", '<A b="1></A>'],
  ])("leaves %s to the library (returns undefined)", (_, xml) => {
    expect(scanXml(xml, ARRAY_TAGS)).toBeUndefined();
  });
});
