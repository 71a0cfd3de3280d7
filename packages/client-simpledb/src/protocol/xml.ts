import { XMLParser } from "fast-xml-parser";
import type { Attribute, Item } from "../types.js";
import { scanXml } from "./xml-scanner.js";

/** A parsed XML element as produced by fast-xml-parser (children by tag name). */
export type XmlNode = { readonly [key: string]: unknown };

/**
 * Elements that can repeat. Declaring them up front means a single occurrence still parses as
 * an array, so callers never special-case "one vs many".
 *
 * @example
 * ```ts
 * ARRAY_TAGS.has("Attribute"); // true
 * ```
 */
export const ARRAY_TAGS: ReadonlySet<string> = new Set(["Attribute", "Item", "DomainName", "Error"]);

/**
 * fast-xml-parser's options: the tree {@link scanXml} also builds. Exported for the test that
 * checks both agree.
 *
 * @example
 * ```ts
 * new XMLParser(XML_PARSER_OPTIONS).parse("<A/>");
 * ```
 */
export const XML_PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Values are opaque strings: "007" must stay "007", and leading/trailing
  // spaces in values and the newlines inside NextToken are significant.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by textOf instead: fast-xml-parser's own entity
  // handling (needed for numeric references such as &#13;) triples the parse
  // time, and decoding once per extracted text is both cheaper and safe
  // against double-decoding ("&amp;#13;" must stay "&#13;").
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  isArray: (name: string) => ARRAY_TAGS.has(name),
} as const;

const parser = new XMLParser(XML_PARSER_OPTIONS);

/**
 * Parses an XML document and returns its root element's content, ignoring
 * the declaration. Throws a `SyntaxError` when the body is not XML or has no root.
 *
 * @example
 * ```ts
 * parseXmlRoot("<A><B>1</B></A>"); // { name: "A", node: { B: "1" } }
 * ```
 */
export function parseXmlRoot(body: string): { name: string; node: XmlNode } {
  // The scanner handles the plain XML SimpleDB sends; anything else goes to fast-xml-parser.
  let doc = scanXml(body, ARRAY_TAGS);
  if (doc === undefined) {
    try {
      doc = parser.parse(body) as Record<string, unknown>;
    } catch (err) {
      throw new SyntaxError(`Malformed XML: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const [name, value] of Object.entries(doc)) {
    if (name === "?xml" || name === "#text") continue;
    return { name, node: asNode(value) };
  }
  throw new SyntaxError("XML document has no root element");
}

function asNode(value: unknown): XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

/** Returns the child element `name` as a node (the first one if repeated). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (node === undefined) return undefined;
  const v = node[name];
  if (v === undefined) return undefined;
  return asNode(Array.isArray(v) ? v[0] : v);
}

/** Returns every child element `name` (empty when absent). */
export function children(node: XmlNode | undefined, name: string): unknown[] {
  if (node === undefined) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Returns the text of an element value, decoding it when it carries
 * `encoding="base64"` (SimpleDB's way of sending names and values that
 * contain characters XML cannot carry). `undefined` when the element is absent;
 * `""` for an empty element.
 *
 * @example
 * ```ts
 * textOf({ "#text": "AAE=", "@_encoding": "base64" }); // "\u0000\u0001"
 * ```
 */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "string") return decodeEntities(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const node = value as XmlNode;
  const raw = node["#text"];
  const text = raw === undefined ? "" : decodeEntities(String(raw));
  const encoding = node["@_encoding"];
  if (typeof encoding === "string" && encoding.toLowerCase() === "base64") {
    return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return text;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and numeric character references in one pass.
 * Unknown or invalid references are left as written.
 *
 * @example
 * ```ts
 * decodeEntities("a&amp;#13;&#x9;"); // "a&#13;\t"
 * ```
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES[ref] ?? whole;
    const cp =
      ref[1] === "x" || ref[1] === "X"
        ? Number.parseInt(ref.slice(2), 16)
        : Number.parseInt(ref.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** Text of child `name` (see {@link textOf}). */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return node === undefined ? undefined : textOf(node[name]);
}

/** Parses a decimal child such as `BoxUsage` or `ItemCount`; `undefined` if absent or not a number. */
export function childNumber(node: XmlNode | undefined, name: string): number | undefined {
  const t = childText(node, name);
  if (t === undefined || t.trim() === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses the repeated `<Attribute><Name/><Value/></Attribute>` children of a node. */
export function parseAttributes(node: XmlNode | undefined): Attribute[] {
  return children(node, "Attribute").map((a) => {
    const n = asNode(a);
    return { Name: childText(n, "Name") ?? "", Value: childText(n, "Value") ?? "" };
  });
}

/** Parses the repeated `<Item>` children of a Select result. */
export function parseItems(node: XmlNode | undefined): Item[] {
  return children(node, "Item").map((i) => {
    const n = asNode(i);
    return { Name: childText(n, "Name") ?? "", Attributes: parseAttributes(n) };
  });
}

/** What every successful SimpleDB response body contains. */
export interface ParsedSuccess {
  /** The `<{Action}Result>` element, if present. */
  result: XmlNode | undefined;
  requestId: string | undefined;
  boxUsage: number | undefined;
}

/**
 * Parses a success body `<{Action}Response><{Action}Result>…</…><ResponseMetadata>…`.
 * Element order and unknown elements are ignored. A root named
 * `{Action}Result` (an emulator quirk) is also accepted.
 *
 * @example
 * ```ts
 * const { result } = parseSuccessBody("GetAttributes", body);
 * parseAttributes(result);
 * ```
 */
export function parseSuccessBody(action: string, body: string): ParsedSuccess {
  const { name, node } = parseXmlRoot(body);
  if (name === "Response" && node.Errors !== undefined) {
    throw new SyntaxError("Body is an error document");
  }
  const meta = child(node, "ResponseMetadata");
  const result = name === `${action}Result` ? node : child(node, `${action}Result`);
  return {
    result,
    requestId: childText(meta, "RequestId") ?? childText(meta, "RequestID"),
    boxUsage: childNumber(meta, "BoxUsage"),
  };
}

/** The first `<Error>` of an error body plus the request id. */
export interface ParsedError {
  Code: string;
  Message: string;
  BoxUsage: number | undefined;
  RequestId: string | undefined;
}

/**
 * Parses `<Response><Errors><Error><Code/><Message/><BoxUsage/></Error></Errors><RequestID/></Response>`.
 * Returns `undefined` when the body is not such a document (e.g. an HTML page
 * from a proxy), so the caller can fall back to the HTTP status.
 *
 * @example
 * ```ts
 * parseErrorBody(body)?.Code; // "NoSuchDomain"
 * ```
 */
export function parseErrorBody(body: string): ParsedError | undefined {
  let root: { name: string; node: XmlNode };
  try {
    root = parseXmlRoot(body);
  } catch {
    return undefined;
  }
  const errors = child(root.node, "Errors");
  const first = child(errors, "Error") ?? child(root.node, "Error");
  const code = childText(first, "Code");
  if (first === undefined || code === undefined || code === "") return undefined;
  const meta = child(root.node, "ResponseMetadata");
  return {
    Code: code.trim(),
    Message: childText(first, "Message") ?? "",
    BoxUsage: childNumber(first, "BoxUsage"),
    RequestId:
      childText(root.node, "RequestID") ??
      childText(root.node, "RequestId") ??
      childText(meta, "RequestId") ??
      childText(first, "RequestId"),
  };
}
