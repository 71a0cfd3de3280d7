/**
 * A parsed element in fast-xml-parser's shape (as configured in `xml.ts`): children by tag name,
 * attributes as `@_name`, text of a leaf as a plain string, or as `#text` beside attributes.
 */
type Node = Record<string, unknown>;

/**
 * Parses the plain XML SimpleDB answers with (a declaration, elements, attributes, text) into
 * the same tree fast-xml-parser builds with the options in `xml.ts`, several times faster.
 * Returns `undefined` for anything outside that subset (comments, CDATA, a DOCTYPE, unbalanced
 * or malformed tags) so the caller falls back to fast-xml-parser, which then decides.
 *
 * @remarks Text and attribute values are kept raw: entities are decoded later, once per value
 * read (`textOf`). Namespace prefixes are dropped from tag and attribute names and `xmlns`
 * attributes are left out, as `removeNSPrefix` does. Tags in `arrayTags` always yield arrays;
 * other repeated tags become arrays on their second occurrence. Whitespace between child
 * elements is dropped (no reader looks at the text of an element with children).
 * @example
 * ```ts
 * scanXml("<A><B x=\"1\">t</B></A>", new Set()); // { A: { B: { "#text": "t", "@_x": "1" } } }
 * ```
 */
export function scanXml(xml: string, arrayTags: ReadonlySet<string>): Node | undefined {
  const root: Node = {};
  // Open elements: their node, raw name (to match the end tag) and whether they have children.
  const nodes: Node[] = [root];
  const names: string[] = [];
  const hasChildren: boolean[] = [false];
  const textStart: number[] = [0];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 63 /* ? */) {
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0 || names.length > 0) return undefined;
      i = end + 2;
      continue;
    }
    if (next === 33 /* ! */) return undefined;
    const gt = xml.indexOf(">", lt + 1);
    if (gt < 0) return undefined;
    if (next === 47 /* / */) {
      const depth = names.length;
      const name = names[depth - 1];
      if (name === undefined || !closes(xml, lt + 2, gt, name)) return undefined;
      const node = nodes[depth] as Node;
      const value = hasChildren[depth] ? node : leafValue(node, xml.slice(textStart[depth], lt));
      names.pop();
      nodes.pop();
      hasChildren.pop();
      textStart.pop();
      attach(nodes[depth - 1] as Node, localName(name), value, arrayTags);
      i = gt + 1;
      continue;
    }
    const selfClosing = xml.charCodeAt(gt - 1) === 47; /* / */
    const innerEnd = selfClosing ? gt - 1 : gt;
    const nameEnd = scanName(xml, lt + 1, innerEnd);
    if (nameEnd === lt + 1) return undefined;
    const name = xml.slice(lt + 1, nameEnd);
    const node: Node = {};
    if (nameEnd < innerEnd) {
      if (!isSpace(xml.charCodeAt(nameEnd))) return undefined;
      if (!readAttributes(xml.slice(nameEnd, innerEnd), node)) return undefined;
    }
    hasChildren[names.length] = true;
    if (selfClosing) {
      attach(nodes[names.length] as Node, localName(name), leafValue(node, ""), arrayTags);
    } else {
      names.push(name);
      nodes.push(node);
      hasChildren.push(false);
      textStart.push(gt + 1);
    }
    i = gt + 1;
  }
  return names.length === 0 ? root : undefined;
}

/** Whether `xml[from, gt)` is `name` followed by nothing but whitespace. */
function closes(xml: string, from: number, gt: number, name: string): boolean {
  if (!xml.startsWith(name, from)) return false;
  for (let i = from + name.length; i < gt; i++) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

/** End of the tag name starting at `from`: `[A-Za-z_][A-Za-z0-9_.:-]*`, stopping before `end`. */
function scanName(xml: string, from: number, end: number): number {
  let i = from;
  for (; i < end; i++) {
    const c = xml.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* _ */
    if (letter) continue;
    if (i === from) return from;
    const other = (c >= 48 && c <= 57) || c === 46 || c === 58 || c === 45; /* 0-9 . : - */
    if (!other) break;
  }
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function leafValue(attributes: Node, text: string): unknown {
  for (const _ in attributes) {
    if (text !== "") attributes["#text"] = text;
    return attributes;
  }
  return text;
}

function attach(parent: Node, name: string, value: unknown, arrayTags: ReadonlySet<string>): void {
  const existing = parent[name];
  if (existing === undefined) parent[name] = arrayTags.has(name) ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

const ATTRIBUTE = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function readAttributes(text: string, into: Node): boolean {
  ATTRIBUTE.lastIndex = 0;
  let end = 0;
  for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) {
    end = ATTRIBUTE.lastIndex;
    const name = m[1] as string;
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    into[`@_${localName(name)}`] = m[2] ?? m[3] ?? "";
  }
  return text.slice(end).trim() === "";
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
