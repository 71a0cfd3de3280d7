/**
 * Compiles a `like` pattern: `%` matches any run of characters, `\%` is a literal percent.
 *
 * @remarks `_` is a literal (the SimpleDB guide documents only `%`); `\\` is a literal backslash
 * and a backslash before any other character stands for itself.
 * @example
 * ```ts
 * likeToRegExp("%3\\%").test("13%"); // true
 * ```
 * @internal
 */
export function likeToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const next = pattern[i + 1];
    if (c === "\\" && (next === "%" || next === "\\")) {
      source += escapeRegExp(next);
      i++;
    } else if (c === "%") {
      source += "[\\s\\S]*";
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`, "u");
}

// Under the `u` flag only syntax characters may be escaped (`\-` is a SyntaxError there), and
// `-` is only special inside a class, which this pattern never opens.
function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
