// Name conversions: fidlc's word splitting and UpperCamelCase, TypeScript camelCase, and escaping
// of names that would clash with TypeScript keywords or what generated code relies on.

/** Splits an identifier into lower-case words the way fidlc does (`_`, case changes). */
export function splitWords(identifier: string): string[] {
  const words: string[] = [];
  let word = "";
  let lastWasUpperOrBegin = true;
  for (let i = 0; i < identifier.length; i++) {
    const ch = identifier[i]!;
    if (ch === "_" || ch === "-" || ch === ".") {
      if (word !== "") words.push(word);
      word = "";
      lastWasUpperOrBegin = true;
      continue;
    }
    const isUpper = ch >= "A" && ch <= "Z";
    const next = identifier[i + 1];
    const nextIsLower = next !== undefined && next >= "a" && next <= "z";
    if (isUpper && (!lastWasUpperOrBegin || nextIsLower) && word !== "") {
      words.push(word);
      word = "";
    }
    word += ch.toLowerCase();
    lastWasUpperOrBegin = isUpper;
  }
  if (word !== "") words.push(word);
  return words;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** fidlc's ToUpperCamelCase: `get_foo` → `GetFoo`, `super` → `Super`. */
export function toUpperCamelCase(identifier: string): string {
  return splitWords(identifier).map(capitalize).join("");
}

/** camelCase for JS members: `EchoString` → `echoString`, `get_foo` → `getFoo`. */
export function toLowerCamelCase(identifier: string): string {
  const words = splitWords(identifier);
  if (words.length === 0) return identifier;
  return words[0]! + words.slice(1).map(capitalize).join("");
}

const TS_RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await any boolean number string symbol " +
    "bigint unknown never object undefined type of as"
  ).split(" "),
);

// Globals and module names the generated code uses: a declaration named like one is renamed.
const GENERATED_CODE_GLOBALS = new Set(["z", "$fidl", "Promise", "Uint8Array", "Record", "Array", "Object", "Error", "BigInt", "Number", "String", "Boolean"]);

/**
 * Names the bindings base classes (Client, Server, EventHandler) use for themselves; a FIDL method
 * whose camelCase name is one of these gets a trailing `_` (the descriptor's jsName says so).
 */
export const RESERVED_MEMBER_NAMES: ReadonlySet<string> = new Set([
  // Server / EventHandler members (the base classes keep every other member under `$`).
  "serve",
  "closeWithEpitaph",
  "onUnknownMethod",
  "onUnknownEvent",
  // Object.prototype members, and `then` (an object with a `then` method is awaited as a thenable).
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "then",
]);

/** A safe top-level TypeScript identifier for a FIDL declaration name. */
export function tsDeclName(name: string): string {
  return TS_RESERVED.has(name) || GENERATED_CODE_GLOBALS.has(name) ? `${name}_` : name;
}

/** The camelCase member name for a FIDL method, escaped away from base-class members. */
export function jsMethodName(name: string): string {
  const camel = toLowerCamelCase(name);
  return RESERVED_MEMBER_NAMES.has(camel) || camel.startsWith("$") ? `${camel}_` : camel;
}

/** The module alias for an imported library: `fuchsia.foo.bar` → `fuchsia_foo_bar`. */
export function libraryModuleAlias(library: string): string {
  return library.replace(/\./g, "_");
}

/** True if `name` can be written as a bare object key / property. */
export function isPlainPropertyName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}
