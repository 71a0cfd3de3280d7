import { describe, expect, it } from "vitest";
import { checkCondition, parseCondition } from "../src/internal/condition.js";
import { applyDelete, applyPut } from "../src/internal/item-ops.js";
import { decodeToken, encodeToken } from "../src/internal/next-token.js";
import { canonicalQuery, signV2, stringToSign } from "../src/internal/signature.js";
import { Domain } from "../src/internal/store.js";
import { escapeXml, textElement } from "../src/internal/xml.js";
import { codeOf } from "./code-of.js";

describe("SigV2 signing (known-answer vectors from the protocol notes)", () => {
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const common = {
    Version: "2009-04-15",
    AWSAccessKeyId: "AKIDEXAMPLE",
    SignatureVersion: "2",
    SignatureMethod: "HmacSHA256",
    Timestamp: "2010-01-25T15:01:28Z",
  };

  it("reproduces the POST vector, including byte-order sorting and RFC 3986 encoding", () => {
    const params = new Map(
      Object.entries({
        ...common,
        Action: "PutAttributes",
        DomainName: "MyDomain",
        ItemName: "job 1",
        "Attribute.1.Name": "state",
        "Attribute.1.Value": "it's (done)! *é~",
        "Attribute.1.Replace": "true",
        "Attribute.10.Name": "x",
        "Attribute.10.Value": "",
        "Attribute.2.Name": "a/b",
        "Attribute.2.Value": "1+1=2",
      }),
    );
    expect(canonicalQuery(params)).toBe(
      "AWSAccessKeyId=AKIDEXAMPLE&Action=PutAttributes&Attribute.1.Name=state&Attribute.1.Replace=true&Attribute.1.Value=it%27s%20%28done%29%21%20%2A%C3%A9~&Attribute.10.Name=x&Attribute.10.Value=&Attribute.2.Name=a%2Fb&Attribute.2.Value=1%2B1%3D2&DomainName=MyDomain&ItemName=job%201&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2010-01-25T15%3A01%3A28Z&Version=2009-04-15",
    );
    expect(signV2(secret, "HmacSHA256", stringToSign("POST", "SDB.amazonaws.com", "/", params))).toBe(
      "bdQR8wpY93gaEbe5EcaSH08w7jMz2uDumquqN2SRaVg=",
    );
  });

  it("reproduces the GET vector with host:port", () => {
    const params = new Map(Object.entries({ ...common, Action: "ListDomains", MaxNumberOfDomains: "2" }));
    expect(signV2(secret, "HmacSHA256", stringToSign("GET", "127.0.0.1:8090", "/", params))).toBe(
      "ZjFHqGhH9Kkpg9Z8fXRfFUVlTmzFqxZVrzip1tycTpE=",
    );
  });

  it("leaves Signature out of the canonical query", () => {
    expect(
      canonicalQuery(
        new Map([
          ["Signature", "x"],
          ["A", "1"],
        ]),
      ),
    ).toBe("A=1");
  });
});

describe("applyPut / applyDelete", () => {
  it("does not mutate the previous version (stale reads share it)", () => {
    const before = applyPut(undefined, [{ name: "a", value: "1", replace: false }]);
    const after = applyPut(before, [{ name: "a", value: "2", replace: false }]);
    expect(before.get("a")).toEqual(["1"]);
    expect(after.get("a")).toEqual(["1", "2"]);
    const deleted = applyDelete(after, [{ name: "a", value: "1" }]);
    expect(after.get("a")).toEqual(["1", "2"]);
    expect(deleted?.get("a")).toEqual(["2"]);
  });

  it("returns undefined when the last pair goes", () => {
    const item = applyPut(undefined, [{ name: "a", value: "1", replace: false }]);
    expect(applyDelete(item, [{ name: "a" }])).toBeUndefined();
    expect(applyDelete(item, [])).toBeUndefined();
  });
});

describe("Domain version history", () => {
  it("serves the version that was current at the requested time", () => {
    const domain = new Domain("d", 1000);
    domain.commit("i", new Map([["v", ["1"]]]), 100);
    domain.commit("i", new Map([["v", ["2"]]]), 200);
    domain.commit("i", undefined, 300);
    expect(domain.get("i", 50)).toBeUndefined();
    expect(domain.get("i", 150)?.get("v")).toEqual(["1"]);
    expect(domain.get("i", 250)?.get("v")).toEqual(["2"]);
    expect(domain.get("i", 350)).toBeUndefined();
    expect(domain.get("i")).toBeUndefined();
    expect([...domain.entries(150, 300)].map(([name]) => name)).toEqual(["i"]);
    expect(domain.itemCount).toBe(0);
  });

  it("keeps running pair and byte totals", () => {
    const domain = new Domain("d", 0);
    domain.commit("ab", new Map([["x", ["12", "3"]]]), 1);
    expect([domain.pairCount, domain.byteSize, domain.itemCount]).toEqual([2, 2 + 3 + 2, 1]);
    domain.commit("ab", undefined, 2);
    expect([domain.pairCount, domain.byteSize, domain.itemCount]).toEqual([0, 0, 0]);
    expect(domain.items.size).toBe(0);
  });
});

describe("parseCondition / checkCondition", () => {
  it("returns undefined without Expected parameters", () => {
    expect(parseCondition(new Map([["ItemName", "x"]]))).toBeUndefined();
  });

  it("rejects two Exists flags with MultipleExistsConditions and two values with MultipleExpectedValues", () => {
    expect(
      codeOf(() =>
        parseCondition(
          new Map([
            ["Expected.Name", "a"],
            ["Expected.Exists", "true"],
            ["Expected.1.Exists", "true"],
          ]),
        ),
      ),
    ).toBe("MultipleExistsConditions");
    expect(
      codeOf(() =>
        parseCondition(
          new Map([
            ["Expected.Name", "a"],
            ["Expected.Value", "1"],
            ["Expected.1.Value", "2"],
          ]),
        ),
      ),
    ).toBe("MultipleExpectedValues");
  });

  it("rejects an Exists flag other than true/false with InvalidParameterValue", () => {
    expect(
      codeOf(() =>
        parseCondition(
          new Map([
            ["Expected.Name", "a"],
            ["Expected.Exists", "no"],
          ]),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("passes Exists=false on a missing item and fails it on a present attribute", () => {
    const condition = { name: "a", value: undefined, exists: false };
    expect(codeOf(() => checkCondition(undefined, condition))).toBeUndefined();
    expect(codeOf(() => checkCondition(new Map([["a", ["1"]]]), condition))).toBe("ConditionalCheckFailed");
  });
});

describe("next tokens", () => {
  it("round-trip with their line breaks, and survive CRLF re-wrapping", () => {
    const token = encodeToken({ q: "x".repeat(40), n: "item" });
    expect(token).toContain("\n");
    expect(decodeToken(token.replace(/\n/g, "\r\n"))).toEqual({ q: "x".repeat(40), n: "item" });
  });

  it("reject junk with InvalidNextToken", () => {
    expect(codeOf(() => decodeToken("%%%"))).toBe("InvalidNextToken");
    expect(codeOf(() => decodeToken(Buffer.from("[1]").toString("base64")))).toBe("InvalidNextToken");
  });
});

describe("XML output", () => {
  it("escapes the five markup characters", () => {
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&apos;");
  });

  it("base64-encodes text with characters XML cannot carry, including lone surrogates", () => {
    expect(textElement("Value", "ok")).toBe("<Value>ok</Value>");
    expect(textElement("Value", "a\u0000")).toBe(
      `<Value encoding="base64">${Buffer.from("a\u0000").toString("base64")}</Value>`,
    );
    expect(textElement("Value", "\uFFFE")).toContain('encoding="base64"');
    expect(textElement("Value", "\u{1F600}")).toBe("<Value>\u{1F600}</Value>");
  });
});
