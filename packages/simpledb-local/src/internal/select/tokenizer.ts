import { SdbError } from "../errors.js";

/**
 * A lexical token of a Select expression.
 *
 * - `word`: a bare name or keyword (keywords are recognised case-insensitively by the parser)
 * - `name`: a backtick-quoted name, never a keyword
 * - `string`: a quoted value with doubled quotes already collapsed
 * - `number`: a bare integer (only meaningful after `limit`)
 * - `punct`: `( ) , *` and the comparison operators
 * @example
 * ```ts
 * const token: Token = { kind: "string", text: "It's", pos: 12 };
 * ```
 * @internal
 */
export interface Token {
  kind: "word" | "name" | "string" | "number" | "punct" | "eof";
  text: string;
  /** Offset in the expression, for error messages. */
  pos: number;
}

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/**
 * Splits a Select expression into tokens.
 *
 * @throws SdbError `InvalidQueryExpression` on an unterminated quote or a stray character
 * @example
 * ```ts
 * tokenize("select * from `my-domain` where a = 'it''s'");
 * ```
 * @internal
 */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (c === "`" || c === "'" || c === '"') {
      const { text, end } = readQuoted(expression, i, c);
      tokens.push({ kind: c === "`" ? "name" : "string", text, pos: start });
      i = end;
    } else if (WORD_START.test(c)) {
      while (i < expression.length && WORD_PART.test(expression[i] as string)) i++;
      tokens.push({ kind: "word", text: expression.slice(start, i), pos: start });
    } else if (DIGIT.test(c)) {
      while (i < expression.length && DIGIT.test(expression[i] as string)) i++;
      if (i < expression.length && WORD_PART.test(expression[i] as string)) {
        throw syntaxError(`Names must not start with a digit; quote them with backticks (at ${start})`);
      }
      tokens.push({ kind: "number", text: expression.slice(start, i), pos: start });
    } else if (c === "!" || c === "<" || c === ">") {
      const two = expression.slice(i, i + 2);
      if (two === "!=" || two === "<=" || two === ">=") {
        tokens.push({ kind: "punct", text: two, pos: start });
        i += 2;
      } else if (c === "!") {
        throw syntaxError(`Unexpected '!' at ${start}`);
      } else {
        tokens.push({ kind: "punct", text: c, pos: start });
        i++;
      }
    } else if (c === "=" || c === "(" || c === ")" || c === "," || c === "*") {
      tokens.push({ kind: "punct", text: c, pos: start });
      i++;
    } else {
      throw syntaxError(`Unexpected character '${c}' at ${start}`);
    }
  }
  tokens.push({ kind: "eof", text: "", pos: expression.length });
  return tokens;
}

// A quote inside a quoted token is written twice: 'It''s', `a``b`.
function readQuoted(expression: string, open: number, quote: string): { text: string; end: number } {
  let text = "";
  let i = open + 1;
  for (;;) {
    const close = expression.indexOf(quote, i);
    if (close < 0) throw syntaxError(`Unterminated quoted ${quote === "`" ? "name" : "value"} at ${open}`);
    text += expression.slice(i, close);
    if (expression[close + 1] === quote) {
      text += quote;
      i = close + 2;
    } else {
      return { text, end: close + 1 };
    }
  }
}

/**
 * The `InvalidQueryExpression` error for a syntax problem.
 *
 * @example
 * ```ts
 * throw syntaxError("Unexpected end of expression");
 * ```
 * @internal
 */
export function syntaxError(detail: string): SdbError {
  return new SdbError(
    "InvalidQueryExpression",
    `The specified query expression syntax is not valid. ${detail}`,
  );
}
