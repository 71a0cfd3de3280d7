import { describe, expect, it } from "vitest";
import {
  DomainMetadataCommand,
  GetAttributesCommand,
  ListDomainsCommand,
  SelectCommand,
} from "../src/index.js";
import { parseErrorBody, parseSuccessBody, textOf } from "../src/protocol/xml.js";

const NS = 'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"';
const meta =
  "<ResponseMetadata><RequestId>req-1</RequestId><BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>";

function b64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

describe("parseSuccessBody", () => {
  it("reads request id and box usage regardless of element order", () => {
    const body = `<?xml version="1.0"?><PutAttributesResponse ${NS}>${meta}</PutAttributesResponse>`;
    expect(parseSuccessBody("PutAttributes", body)).toEqual({
      result: undefined,
      requestId: "req-1",
      boxUsage: 0.0000219907,
    });
  });
  it("accepts an {Action}Result root element", () => {
    const body = `<CreateDomainResult>${meta}</CreateDomainResult>`;
    expect(parseSuccessBody("CreateDomain", body).requestId).toBe("req-1");
  });
  it("throws SyntaxError on a non-XML body", () => {
    expect(() => parseSuccessBody("ListDomains", "not xml at all")).toThrow(SyntaxError);
  });
});

describe("GetAttributes result parsing", () => {
  const cmd = new GetAttributesCommand({ DomainName: "d", ItemName: "i" });
  it("returns one entry per pair with repeated names for multi-valued attributes", () => {
    const body = `<GetAttributesResponse ${NS}><GetAttributesResult>
      <Attribute><Name>color</Name><Value>red</Value></Attribute>
      <Attribute><Name>color</Name><Value>blue</Value></Attribute>
      <Attribute><Name>size</Name><Value>  007  </Value></Attribute>
    </GetAttributesResult>${meta}</GetAttributesResponse>`;
    expect(cmd.deserialize(parseSuccessBody("GetAttributes", body)).Attributes).toEqual([
      { Name: "color", Value: "red" },
      { Name: "color", Value: "blue" },
      { Name: "size", Value: "  007  " },
    ]);
  });
  it("decodes base64-encoded names and values", () => {
    const body = `<GetAttributesResponse ${NS}><GetAttributesResult><Attribute><Name encoding="base64">${b64("a\u0001b")}</Name><Value encoding="base64">${b64("x\u0000é")}</Value></Attribute></GetAttributesResult>${meta}</GetAttributesResponse>`;
    expect(cmd.deserialize(parseSuccessBody("GetAttributes", body)).Attributes).toEqual([
      { Name: "a\u0001b", Value: "x\u0000é" },
    ]);
  });
  it("decodes entities and numeric character references", () => {
    const body = `<GetAttributesResponse ${NS}><GetAttributesResult><Attribute><Name>a&amp;b</Name><Value>&lt;&#x9;&#13;&quot;</Value></Attribute></GetAttributesResult>${meta}</GetAttributesResponse>`;
    expect(cmd.deserialize(parseSuccessBody("GetAttributes", body)).Attributes).toEqual([
      { Name: "a&b", Value: '<\t\r"' },
    ]);
  });
  it("returns empty values for empty and self-closing Value elements", () => {
    const body = `<GetAttributesResponse ${NS}><GetAttributesResult><Attribute><Name>a</Name><Value></Value></Attribute><Attribute><Name>b</Name><Value/></Attribute></GetAttributesResult>${meta}</GetAttributesResponse>`;
    expect(cmd.deserialize(parseSuccessBody("GetAttributes", body)).Attributes).toEqual([
      { Name: "a", Value: "" },
      { Name: "b", Value: "" },
    ]);
  });
  it("returns an empty list for an empty result element", () => {
    const body = `<GetAttributesResponse ${NS}><GetAttributesResult/>${meta}</GetAttributesResponse>`;
    expect(cmd.deserialize(parseSuccessBody("GetAttributes", body)).Attributes).toEqual([]);
  });
});

describe("Select result parsing", () => {
  const cmd = new SelectCommand({ SelectExpression: "select * from d" });
  it("parses items, base64 item names, and a NextToken with embedded newlines kept verbatim", () => {
    const body = `<SelectResponse ${NS}><SelectResult>
      <Item><Name encoding="base64">${b64("it\u0002em")}</Name><Attribute><Name>a</Name><Value>1</Value></Attribute></Item>
      <Item><Name>second</Name></Item>
      <NextToken>rO0ABXNyACdjb20u
YW1hem9uLnNkcy==</NextToken>
    </SelectResult>${meta}</SelectResponse>`;
    expect(cmd.deserialize(parseSuccessBody("Select", body))).toEqual({
      Items: [
        { Name: "it\u0002em", Attributes: [{ Name: "a", Value: "1" }] },
        { Name: "second", Attributes: [] },
      ],
      NextToken: "rO0ABXNyACdjb20u\nYW1hem9uLnNkcy==",
    });
  });
  it("treats an empty NextToken as absent", () => {
    const body = `<SelectResponse ${NS}><SelectResult><NextToken></NextToken></SelectResult>${meta}</SelectResponse>`;
    expect(cmd.deserialize(parseSuccessBody("Select", body))).toEqual({ Items: [] });
  });
});

describe("ListDomains and DomainMetadata result parsing", () => {
  it("lists a single domain as an array", () => {
    const body = `<ListDomainsResponse ${NS}><ListDomainsResult><DomainName>only</DomainName></ListDomainsResult>${meta}</ListDomainsResponse>`;
    expect(new ListDomainsCommand({}).deserialize(parseSuccessBody("ListDomains", body))).toEqual({
      DomainNames: ["only"],
    });
  });
  it("parses the numeric DomainMetadata fields", () => {
    const body = `<DomainMetadataResponse ${NS}><DomainMetadataResult><ItemCount>3</ItemCount><ItemNamesSizeBytes>12</ItemNamesSizeBytes><AttributeNameCount>2</AttributeNameCount><AttributeNamesSizeBytes>9</AttributeNamesSizeBytes><AttributeValueCount>5</AttributeValueCount><AttributeValuesSizeBytes>20</AttributeValuesSizeBytes><Timestamp>1264432888</Timestamp></DomainMetadataResult>${meta}</DomainMetadataResponse>`;
    expect(
      new DomainMetadataCommand({ DomainName: "d" }).deserialize(parseSuccessBody("DomainMetadata", body)),
    ).toEqual({
      ItemCount: 3,
      ItemNamesSizeBytes: 12,
      AttributeNameCount: 2,
      AttributeNamesSizeBytes: 9,
      AttributeValueCount: 5,
      AttributeValuesSizeBytes: 20,
      Timestamp: 1264432888,
    });
  });
});

describe("parseErrorBody", () => {
  it("reads code, message, box usage and the RequestID spelling of errors", () => {
    const body = `<?xml version="1.0"?>
<Response><Errors><Error><Code>ConditionalCheckFailed</Code>
<Message>Conditional check failed. Attribute (a1) value is (7) but was expected (6)</Message>
<BoxUsage>0.0000219907</BoxUsage></Error></Errors>
<RequestID>15e9428f-0000</RequestID></Response>`;
    expect(parseErrorBody(body)).toEqual({
      Code: "ConditionalCheckFailed",
      Message: "Conditional check failed. Attribute (a1) value is (7) but was expected (6)",
      BoxUsage: 0.0000219907,
      RequestId: "15e9428f-0000",
    });
  });
  it("uses the first of several errors", () => {
    const body =
      "<Response><Errors><Error><Code>A</Code><Message>m</Message></Error><Error><Code>B</Code></Error></Errors><RequestID>r</RequestID></Response>";
    expect(parseErrorBody(body)?.Code).toBe("A");
  });
  it("returns undefined for a body that is not an error document", () => {
    expect(parseErrorBody("<html><body>Bad gateway</body></html>")).toBeUndefined();
    expect(parseErrorBody("")).toBeUndefined();
  });
});

describe("textOf", () => {
  it("decodes entities exactly once", () => {
    expect(textOf("a&amp;#13;b&amp;amp;&#128512;&bogus;")).toBe("a&#13;b&amp;😀&bogus;");
  });
  it("ignores line breaks inside base64 text", () => {
    expect(textOf({ "#text": "aGVs\nbG8=", "@_encoding": "base64" })).toBe("hello");
  });
});
