// FIDL lexer: source text to tokens (identifiers, numbers, strings, punctuation, doc comments).
import { type SourceLocation, fail } from "./diagnostics.ts";

/** Kinds of token. */
export type TokenKind = "ident" | "number" | "string" | "punct" | "doc" | "eof";

/** One token with its text and location. */
export interface Token {
  readonly kind: TokenKind;
  /** Source text; for `string` the decoded value; for `doc` the comment text after `///`. */
  readonly text: string;
  readonly location: SourceLocation;
  /** For `string` tokens: the literal as written, quotes included. */
  readonly raw?: string;
}

const PUNCT2 = new Set(["->"]);
const PUNCT1 = new Set(["{", "}", "(", ")", "<", ">", "[", "]", ";", ":", ",", ".", "=", "|", "&", "-", "@", "~"]);

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= "0" && c <= "9");
}
function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** Splits `text` (the contents of `filename`) into tokens, ending with an `eof` token. */
export function tokenize(filename: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const loc = (start: number, length: number): SourceLocation => ({
    filename,
    line,
    column: start - lineStart + 1,
    length,
  });
  while (i < n) {
    const c = text[i]!;
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      let end = text.indexOf("\n", i);
      if (end < 0) end = n;
      // `///` is a doc comment, `////...` is an ordinary comment (as in fidlc).
      if (text[i + 2] === "/" && text[i + 3] !== "/") {
        let body = text.slice(i + 3, end);
        if (body.endsWith("\r")) body = body.slice(0, -1);
        tokens.push({ kind: "doc", text: body, location: loc(i, end - i) });
      }
      i = end;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: "ident", text: text.slice(start, i), location: loc(start, i - start) });
      continue;
    }
    if (isDigit(c)) {
      if (c === "0" && (text[i + 1] === "x" || text[i + 1] === "X")) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(text[i]!)) i++;
      } else if (c === "0" && (text[i + 1] === "b" || text[i + 1] === "B")) {
        i += 2;
        while (i < n && (text[i] === "0" || text[i] === "1")) i++;
      } else {
        while (i < n && isDigit(text[i]!)) i++;
        if (text[i] === "." && isDigit(text[i + 1] ?? "")) {
          i++;
          while (i < n && isDigit(text[i]!)) i++;
        }
        if (text[i] === "e" || text[i] === "E") {
          let j = i + 1;
          if (text[j] === "+" || text[j] === "-") j++;
          if (isDigit(text[j] ?? "")) {
            i = j;
            while (i < n && isDigit(text[i]!)) i++;
          }
        }
      }
      if (i < n && isIdentPart(text[i]!)) fail(loc(start, i - start + 1), `invalid number literal '${text.slice(start, i + 1)}'`);
      tokens.push({ kind: "number", text: text.slice(start, i), location: loc(start, i - start) });
      continue;
    }
    if (c === '"') {
      i++;
      let value = "";
      for (;;) {
        if (i >= n || text[i] === "\n") fail(loc(start, i - start), "unterminated string literal");
        const ch = text[i]!;
        if (ch === '"') {
          i++;
          break;
        }
        if (ch === "\\") {
          const esc = text[i + 1];
          const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", "0": "\0" };
          if (esc !== undefined && esc in simple) {
            value += simple[esc];
            i += 2;
            continue;
          }
          if (esc === "u" && text[i + 2] === "{") {
            const close = text.indexOf("}", i + 3);
            const hex = close < 0 ? "" : text.slice(i + 3, close);
            if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) {
              fail(loc(i, 2), "invalid \\u{...} escape in string literal");
            }
            value += String.fromCodePoint(Number.parseInt(hex, 16));
            i = close + 1;
            continue;
          }
          fail(loc(i, 2), `invalid escape '\\${esc ?? ""}' in string literal`);
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: "string", text: value, raw: text.slice(start, i), location: loc(start, i - start) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      tokens.push({ kind: "punct", text: two, location: loc(start, 2) });
      i += 2;
      continue;
    }
    if (PUNCT1.has(c)) {
      tokens.push({ kind: "punct", text: c, location: loc(start, 1) });
      i++;
      continue;
    }
    fail(loc(start, 1), `unexpected character '${c}'`);
  }
  tokens.push({ kind: "eof", text: "", location: loc(i, 0) });
  return tokens;
}
