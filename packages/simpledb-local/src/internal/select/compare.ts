/**
 * Lexicographic comparison by Unicode code point, which is the same order as comparing the
 * UTF-8 bytes (SimpleDB compares values as UTF-8 strings). Plain `<` on JS strings compares
 * UTF-16 units and misorders astral characters against U+E000–U+FFFF.
 *
 * @returns negative, zero or positive like `Array.prototype.sort` expects
 * @example
 * ```ts
 * compareStrings("10", "9"); // negative: values compare as strings, not numbers
 * ```
 * @internal
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point ≥ U+10000, above every BMP character.
    if (xSurrogate && !ySurrogate) return 1;
    if (ySurrogate && !xSurrogate) return -1;
    return x - y;
  }
  return a.length - b.length;
}
