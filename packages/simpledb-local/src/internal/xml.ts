/**
 * Namespace of every SimpleDB success body.
 * @example
 * ```ts
 * const root = `<ListDomainsResponse xmlns="${SDB_NAMESPACE}">`;
 * ```
 * @internal
 */
export const SDB_NAMESPACE = "http://sdb.amazonaws.com/doc/2009-04-15/";

// Characters XML 1.0 cannot carry at all (controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF). SimpleDB sends such names and values base64-encoded instead.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NEEDS_ESCAPE = /[&<>"'\r]/;

/**
 * Escapes text for element content or attribute values.
 *
 * @remarks CR is written as a character reference because XML parsers normalise a literal CR
 * to LF, which would silently change a stored value.
 * @example
 * ```ts
 * escapeXml("a<b"); // "a&lt;b"
 * ```
 * @internal
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"'\r]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      case "'":
        return "&apos;";
      default:
        return "&#xD;";
    }
  });
}

/**
 * Whether `text` holds a character that XML 1.0 cannot represent.
 *
 * @example
 * ```ts
 * isXmlIllegal("a\u0000b"); // true
 * ```
 * @internal
 */
export function isXmlIllegal(text: string): boolean {
  return XML_ILLEGAL.test(text);
}

/**
 * One text element, base64-encoded with `encoding="base64"` when its text is not valid XML.
 *
 * @example
 * ```ts
 * textElement("Name", "a\u0001"); // '<Name encoding="base64">YQE=</Name>'
 * ```
 * @internal
 */
export function textElement(tag: string, text: string): string {
  if (isXmlIllegal(text)) {
    return `<${tag} encoding="base64">${Buffer.from(text, "utf8").toString("base64")}</${tag}>`;
  }
  return `<${tag}>${escapeXml(text)}</${tag}>`;
}

/**
 * `<Attribute><Name/><Value/></Attribute>` for one pair.
 *
 * @example
 * ```ts
 * attributeXml("state", "done");
 * ```
 * @internal
 */
export function attributeXml(name: string, value: string): string {
  return `<Attribute>${textElement("Name", name)}${textElement("Value", value)}</Attribute>`;
}

/**
 * A complete success body: `<{Action}Response xmlns=…>` with the result element (if any) and
 * `ResponseMetadata`, in the order the live service uses.
 *
 * @param result - the `…Result` element, or `""` for actions without one
 * @example
 * ```ts
 * successXml("CreateDomain", "", "req-1", "0.0055590278");
 * ```
 * @internal
 */
export function successXml(action: string, result: string, requestId: string, boxUsage: string): string {
  return (
    `<?xml version="1.0"?>\n<${action}Response xmlns="${SDB_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId><BoxUsage>${boxUsage}</BoxUsage></ResponseMetadata>` +
    `</${action}Response>`
  );
}

/**
 * The un-namespaced error body (`RequestID` with a capital D, as the live service sends it).
 *
 * @example
 * ```ts
 * errorXml("NoSuchDomain", "The specified domain does not exist.", "req-1", "0.0000071759");
 * ```
 * @internal
 */
export function errorXml(code: string, message: string, requestId: string, boxUsage: string): string {
  return (
    `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(stripIllegal(message))}</Message><BoxUsage>${boxUsage}</BoxUsage></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  );
}

// Messages echo user input; an illegal character there would make the whole error body unparsable.
function stripIllegal(text: string): string {
  return isXmlIllegal(text) ? text.replace(new RegExp(XML_ILLEGAL.source, "gu"), "?") : text;
}
