import { describe, expect, it } from "vitest";
import { canonicalQuery, isoTimestamp, signV2, stringToSign, uriEscape } from "../src/protocol/signer.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const COMMON = {
  Version: "2009-04-15",
  AWSAccessKeyId: "AKIDEXAMPLE",
  SignatureVersion: "2",
  SignatureMethod: "HmacSHA256",
  Timestamp: "2010-01-25T15:01:28Z",
};

const putParams = {
  ...COMMON,
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
};

describe("uriEscape (RFC 3986)", () => {
  it("leaves only unreserved characters literal", () => {
    expect(uriEscape("AZaz09-_.~")).toBe("AZaz09-_.~");
  });
  it("encodes the characters encodeURIComponent leaves alone", () => {
    expect(uriEscape("!'()*")).toBe("%21%27%28%29%2A");
  });
  it("encodes space as %20 and reserved characters with upper-case hex", () => {
    expect(uriEscape(" /:+=&\n")).toBe("%20%2F%3A%2B%3D%26%0A");
  });
  it("encodes non-ASCII as UTF-8 bytes", () => {
    expect(uriEscape("é😀")).toBe("%C3%A9%F0%9F%98%80");
  });
});

describe("uriEscape against RFC 3986", () => {
  it("leaves exactly A-Z a-z 0-9 - _ . ~ literal and percent-encodes every other character", () => {
    const reference = (text: string) =>
      [...Buffer.from(text, "utf8")]
        .map((b) =>
          /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) && b < 128
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
        )
        .join("");
    for (let code = 0; code < 0x300; code++) {
      const text = `a${String.fromCharCode(code)}z`;
      expect(uriEscape(text), `U+${code.toString(16)}`).toBe(reference(text));
    }
  });
});

describe("canonicalQuery", () => {
  it("matches the reference vector's canonical query line", () => {
    expect(canonicalQuery(putParams)).toBe(
      "AWSAccessKeyId=AKIDEXAMPLE&Action=PutAttributes&Attribute.1.Name=state&Attribute.1.Replace=true&Attribute.1.Value=it%27s%20%28done%29%21%20%2A%C3%A9~&Attribute.10.Name=x&Attribute.10.Value=&Attribute.2.Name=a%2Fb&Attribute.2.Value=1%2B1%3D2&DomainName=MyDomain&ItemName=job%201&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2010-01-25T15%3A01%3A28Z&Version=2009-04-15",
    );
  });
  it("sorts by byte order, not numerically", () => {
    expect(canonicalQuery({ "A.2": "b", "A.10": "a", B: "c", a: "d" })).toBe("A.10=a&A.2=b&B=c&a=d");
  });
  it("sorts non-ASCII names by UTF-8 bytes", () => {
    expect(canonicalQuery({ "\u00e9": "1", "\uffff": "2", "\u{1F600}": "3", z: "4" })).toBe(
      "z=4&%C3%A9=1&%EF%BF%BF=2&%F0%9F%98%80=3",
    );
  });
  it("excludes an existing Signature parameter", () => {
    expect(canonicalQuery({ a: "1", Signature: "zzz" })).toBe("a=1");
  });
  it("signs several parameter sets as one, the last set winning a shared name", () => {
    const { Action, Version, ...rest } = putParams;
    expect(canonicalQuery(rest, { Action, Version })).toBe(canonicalQuery(putParams));
    expect(canonicalQuery({ a: "1", b: "2" }, { b: "3", "\u00e9": "4" })).toBe("a=1&b=3&%C3%A9=4");
  });
});

describe("signV2", () => {
  it("produces the reference POST vector with an upper-case host", () => {
    expect(signV2({ method: "POST", host: "SDB.amazonaws.com", path: "/", params: putParams }, SECRET)).toBe(
      "bdQR8wpY93gaEbe5EcaSH08w7jMz2uDumquqN2SRaVg=",
    );
  });
  it("produces the reference GET vector with host and port", () => {
    const params = { ...COMMON, Action: "ListDomains", MaxNumberOfDomains: "2" };
    expect(signV2({ method: "GET", host: "127.0.0.1:8090", path: "/", params }, SECRET)).toBe(
      "ZjFHqGhH9Kkpg9Z8fXRfFUVlTmzFqxZVrzip1tycTpE=",
    );
  });
  it("signs SecurityToken as part of the parameters", () => {
    const params = { ...COMMON, Action: "ListDomains" };
    const a = signV2({ method: "POST", host: "h", path: "/", params }, SECRET);
    const b = signV2(
      { method: "POST", host: "h", path: "/", params: { ...params, SecurityToken: "tok" } },
      SECRET,
    );
    expect(a).not.toBe(b);
  });
  it("builds the string-to-sign from method, lower-cased host, path and query", () => {
    expect(
      stringToSign({ method: "post", host: "SDB.Example:81", path: "", params: { b: "1", a: "x y" } }),
    ).toBe("POST\nsdb.example:81\n/\na=x%20y&b=1");
  });
});

describe("isoTimestamp", () => {
  it("formats UTC at second precision without fraction", () => {
    expect(isoTimestamp(new Date(Date.UTC(2010, 0, 25, 15, 1, 28, 999)))).toBe("2010-01-25T15:01:28Z");
  });
});
