// FIDL parser: tokens of one file to a syntax tree, failing at the first error with its location.
import type {
  AttributeNode,
  ComposeNode,
  CompoundName,
  ConstantExpr,
  DeclNode,
  FileNode,
  LayoutMemberNode,
  LayoutNode,
  MethodNode,
  Modifiers,
  TypeCtorNode,
  TypeParamNode,
  UsingNode,
} from "./ast.ts";
import { type SourceLocation, fail } from "./diagnostics.ts";
import { type Token, tokenize } from "./lexer.ts";

const LAYOUT_KEYWORDS = new Set(["struct", "table", "union", "enum", "bits"]);
const LAYOUT_MODIFIERS = new Set(["strict", "flexible", "resource"]);
const PROTOCOL_MODIFIERS = new Set(["open", "ajar", "closed"]);

function describe(token: Token): string {
  if (token.kind === "eof") return "end of file";
  if (token.kind === "doc") return "doc comment";
  return `'${token.kind === "string" ? (token.raw ?? token.text) : token.text}'`;
}

/** Spans from the start of `from` to the end of `to` (same line) or just `from`. */
function span(from: SourceLocation, to: SourceLocation): SourceLocation {
  if (from.line !== to.line || from.filename !== to.filename) return from;
  return { ...from, length: to.column + to.length - from.column };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }
  private prev(): Token {
    return this.tokens[Math.max(0, this.pos - 1)]!;
  }
  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "punct" && token.text === text;
  }
  private isIdent(text?: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "ident" && (text === undefined || token.text === text);
  }
  private eatPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }
  private expectPunct(text: string, what?: string): Token {
    if (this.isPunct(text)) return this.next();
    const token = this.peek();
    if (text === ";") {
      // Point just after the previous token: that is where the semicolon is missing.
      const before = this.prev().location;
      fail(
        { ...before, column: before.column + before.length, length: 1 },
        `missing semicolon: expected ';' before ${describe(token)}`,
      );
    }
    fail(token.location, `expected '${text}'${what ? ` ${what}` : ""}, found ${describe(token)}`);
  }
  private expectIdent(what: string): Token {
    const token = this.peek();
    if (token.kind !== "ident") fail(token.location, `expected ${what}, found ${describe(token)}`);
    return this.next();
  }
  parseFile(filename: string): FileNode {
    const attributes = this.parseAttributes();
    const libraryToken = this.peek();
    if (!this.isIdent("library")) fail(libraryToken.location, `expected 'library' declaration, found ${describe(libraryToken)}`);
    this.next();
    const library = this.parseCompoundName("library name");
    this.expectPunct(";");
    const usings: UsingNode[] = [];
    const decls: DeclNode[] = [];
    while (this.peek().kind !== "eof") {
      const attrs = this.parseAttributes();
      const token = this.peek();
      if (token.kind !== "ident") fail(token.location, `expected a declaration, found ${describe(token)}`);
      if (token.text === "using") {
        if (attrs.length > 0) fail(attrs[0]!.location, "attributes are not allowed on 'using'");
        this.next();
        const name = this.parseCompoundName("library name");
        let alias: string | undefined;
        if (this.isIdent("as")) {
          this.next();
          alias = this.expectIdent("alias name").text;
        }
        this.expectPunct(";");
        usings.push(alias === undefined ? { library: name, location: token.location } : { library: name, alias, location: token.location });
        continue;
      }
      decls.push(this.parseDecl(attrs));
    }
    return { filename, attributes, library, usings, decls };
  }

  private parseCompoundName(what: string): CompoundName {
    const first = this.expectIdent(what);
    const parts = [first.text];
    let last = first;
    while (this.isPunct(".") && this.peek(1).kind === "ident") {
      this.next();
      last = this.next();
      parts.push(last.text);
    }
    return { parts, location: span(first.location, last.location) };
  }

  private parseAttributes(): AttributeNode[] {
    const attributes: AttributeNode[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === "doc") {
        const lines: Token[] = [];
        while (this.peek().kind === "doc") lines.push(this.next());
        const value = lines.map((line) => `${line.text}\n`).join("");
        const expression = lines.map((line) => `///${line.text}`).join("\n");
        const location = span(lines[0]!.location, lines[0]!.location);
        attributes.push({
          name: "doc",
          args: [{ name: "value", value: { kind: "literal", literal: "string", value, expression, location }, location }],
          location,
          fromDocComment: true,
        });
        continue;
      }
      if (token.kind === "punct" && token.text === "@") {
        this.next();
        const name = this.expectIdent("attribute name");
        const args: { name: string; value: ConstantExpr; location: SourceLocation }[] = [];
        if (this.eatPunct("(")) {
          if (this.peek().kind === "ident" && this.isPunct("=", 1)) {
            do {
              const argName = this.expectIdent("attribute argument name");
              this.expectPunct("=");
              const value = this.parseConstant();
              args.push({ name: argName.text, value, location: argName.location });
            } while (this.eatPunct(","));
          } else {
            const value = this.parseConstant();
            args.push({ name: "value", value, location: value.location });
          }
          this.expectPunct(")", "to close the attribute arguments");
        }
        attributes.push({ name: name.text, args, location: span(token.location, name.location), fromDocComment: false });
        continue;
      }
      return attributes;
    }
  }

  private parseConstant(): ConstantExpr {
    let left = this.parseConstantTerm();
    while (this.isPunct("|")) {
      this.next();
      const right = this.parseConstantTerm();
      left = { kind: "binary", op: "|", left, right, location: left.location };
    }
    return left;
  }

  private parseConstantTerm(): ConstantExpr {
    const token = this.peek();
    if (token.kind === "number") {
      this.next();
      return { kind: "literal", literal: "numeric", value: token.text, expression: token.text, location: token.location };
    }
    if (token.kind === "punct" && token.text === "-" && this.peek(1).kind === "number") {
      this.next();
      const number = this.next();
      return {
        kind: "literal",
        literal: "numeric",
        value: `-${number.text}`,
        expression: `-${number.text}`,
        location: span(token.location, number.location),
      };
    }
    if (token.kind === "string") {
      this.next();
      return { kind: "literal", literal: "string", value: token.text, expression: token.raw ?? token.text, location: token.location };
    }
    if (token.kind === "ident") {
      if ((token.text === "true" || token.text === "false") && !this.isPunct(".", 1)) {
        this.next();
        return { kind: "literal", literal: "bool", value: token.text, expression: token.text, location: token.location };
      }
      const name = this.parseCompoundName("constant");
      return { kind: "identifier", name, location: name.location };
    }
    fail(token.location, `expected a constant, found ${describe(token)}`);
  }

  private parseDecl(attributes: AttributeNode[]): DeclNode {
    const token = this.peek();
    switch (token.text) {
      case "const": {
        this.next();
        const name = this.expectIdent("constant name");
        const type = this.parseTypeCtor();
        this.expectPunct("=", "in const declaration");
        const value = this.parseConstant();
        this.expectPunct(";");
        return { kind: "const", attributes, name: name.text, location: name.location, type, value };
      }
      case "alias":
      case "type": {
        // `alias X = T;` and `type X = T;` differ only in their keyword.
        const kind = token.text;
        this.next();
        const name = this.expectIdent(`${kind} name`);
        this.expectPunct("=", `in ${kind} declaration`);
        const type = this.parseTypeCtor();
        this.expectPunct(";");
        return { kind, attributes, name: name.text, location: name.location, type };
      }
      case "service": {
        this.next();
        const name = this.expectIdent("service name");
        this.expectPunct("{");
        const members: LayoutMemberNode[] = [];
        while (!this.isPunct("}")) {
          const attrs = this.parseAttributes();
          const memberName = this.expectIdent("service member name");
          const type = this.parseTypeCtor();
          this.expectPunct(";");
          members.push({ attributes: attrs, name: memberName.text, nameLocation: memberName.location, type });
        }
        this.expectPunct("}");
        this.expectPunct(";");
        return { kind: "service", attributes, name: name.text, location: name.location, members };
      }
      default:
        break;
    }
    let openness: "open" | "ajar" | "closed" | undefined;
    if (PROTOCOL_MODIFIERS.has(token.text) && this.isIdent("protocol", 1)) {
      openness = this.next().text as "open" | "ajar" | "closed";
    }
    if (this.isIdent("protocol")) {
      this.next();
      return this.parseProtocol(attributes, openness);
    }
    const at = this.peek();
    fail(at.location, `expected a declaration (const, alias, type, protocol, service, using), found ${describe(at)}`);
  }

  private parseProtocol(attributes: AttributeNode[], openness: "open" | "ajar" | "closed" | undefined): DeclNode {
    const name = this.expectIdent("protocol name");
    this.expectPunct("{");
    const composes: ComposeNode[] = [];
    const methods: MethodNode[] = [];
    while (!this.isPunct("}")) {
      if (this.peek().kind === "eof") fail(this.peek().location, "expected '}' to close the protocol, found end of file");
      const attrs = this.parseAttributes();
      if (this.isIdent("compose") && this.peek(1).kind === "ident") {
        this.next();
        const target = this.parseCompoundName("protocol name");
        this.expectPunct(";");
        composes.push({ attributes: attrs, name: target });
        continue;
      }
      methods.push(this.parseMethod(attrs));
    }
    this.expectPunct("}");
    this.expectPunct(";");
    return {
      kind: "protocol",
      attributes,
      name: name.text,
      location: name.location,
      ...(openness === undefined ? {} : { openness }),
      composes,
      methods,
    };
  }

  private parseMethod(attributes: AttributeNode[]): MethodNode {
    let strictness: "strict" | "flexible" | undefined;
    if ((this.isIdent("strict") || this.isIdent("flexible")) && (this.peek(1).kind === "ident" || this.isPunct("->", 1))) {
      strictness = this.next().text as "strict" | "flexible";
    }
    if (this.eatPunct("->")) {
      const name = this.expectIdent("event name");
      const response = this.parsePayload();
      const error = this.parseErrorClause();
      this.expectPunct(";");
      return {
        attributes,
        ...(strictness === undefined ? {} : { strictness }),
        name: name.text,
        location: name.location,
        hasRequest: false,
        hasResponse: true,
        ...(response === undefined ? {} : { response }),
        ...(error === undefined ? {} : { error }),
      };
    }
    const name = this.expectIdent("method name");
    const request = this.parsePayload();
    let hasResponse = false;
    let response: TypeCtorNode | undefined;
    let error: TypeCtorNode | undefined;
    if (this.eatPunct("->")) {
      hasResponse = true;
      response = this.parsePayload();
      error = this.parseErrorClause();
    }
    this.expectPunct(";");
    return {
      attributes,
      ...(strictness === undefined ? {} : { strictness }),
      name: name.text,
      location: name.location,
      hasRequest: true,
      ...(request === undefined ? {} : { request }),
      hasResponse,
      ...(response === undefined ? {} : { response }),
      ...(error === undefined ? {} : { error }),
    };
  }

  /** `error T` after a response payload, if present. */
  private parseErrorClause(): TypeCtorNode | undefined {
    if (!this.isIdent("error")) return undefined;
    this.next();
    return this.parseTypeCtor();
  }

  /** `(` [type] `)`; undefined for `()`. */
  private parsePayload(): TypeCtorNode | undefined {
    this.expectPunct("(", "to start the payload");
    if (this.eatPunct(")")) return undefined;
    const type = this.parseTypeCtor();
    this.expectPunct(")", "to close the payload");
    return type;
  }

  private parseTypeCtor(): TypeCtorNode {
    const start = this.peek();
    const modifiers: Modifiers = {};
    let modifierLocation: SourceLocation | undefined;
    // Modifiers are contextual keywords: only modifiers when a layout follows.
    while (
      this.peek().kind === "ident" &&
      LAYOUT_MODIFIERS.has(this.peek().text) &&
      this.peek(1).kind === "ident" &&
      (LAYOUT_MODIFIERS.has(this.peek(1).text) || LAYOUT_KEYWORDS.has(this.peek(1).text))
    ) {
      const modifier = this.next();
      modifierLocation ??= modifier.location;
      if (modifier.text === "resource") {
        if (modifiers.resource) fail(modifier.location, "duplicate modifier 'resource'");
        modifiers.resource = true;
      } else {
        if (modifiers.strictness !== undefined) fail(modifier.location, `conflicting modifier '${modifier.text}'`);
        modifiers.strictness = modifier.text as "strict" | "flexible";
      }
    }
    const token = this.peek();
    if (
      token.kind === "ident" &&
      LAYOUT_KEYWORDS.has(token.text) &&
      (this.isPunct("{", 1) || ((token.text === "enum" || token.text === "bits") && this.isPunct(":", 1)))
    ) {
      const layout = this.parseLayout(modifiers, modifierLocation);
      const constraints = this.parseConstraints();
      return { location: start.location, layout, params: [], constraints };
    }
    if (modifierLocation !== undefined) fail(token.location, `expected a layout after modifiers, found ${describe(token)}`);
    const name = this.parseCompoundName("a type");
    const params: TypeParamNode[] = [];
    if (this.eatPunct("<")) {
      do {
        const t = this.peek();
        if (t.kind === "number" || t.kind === "string" || (t.kind === "punct" && t.text === "-")) {
          params.push({ kind: "constant", value: this.parseConstant() });
        } else {
          params.push({ kind: "type", type: this.parseTypeCtor() });
        }
      } while (this.eatPunct(","));
      this.expectPunct(">", "to close the type parameters");
    }
    const constraints = this.parseConstraints();
    return { location: name.location, name, params, constraints };
  }

  private parseConstraints(): ConstantExpr[] {
    if (!this.isPunct(":")) return [];
    this.next();
    const constraints: ConstantExpr[] = [];
    if (this.eatPunct("<")) {
      do constraints.push(this.parseConstant());
      while (this.eatPunct(","));
      this.expectPunct(">", "to close the constraints");
    } else {
      constraints.push(this.parseConstant());
    }
    return constraints;
  }

  private parseLayout(modifiers: Modifiers, modifierLocation: SourceLocation | undefined): LayoutNode {
    const keyword = this.next();
    const kind = keyword.text as LayoutNode["kind"];
    let subtype: TypeCtorNode | undefined;
    if ((kind === "enum" || kind === "bits") && this.eatPunct(":")) subtype = this.parseTypeCtor();
    this.expectPunct("{", `to start the ${kind} body`);
    const members: LayoutMemberNode[] = [];
    while (!this.isPunct("}")) {
      if (this.peek().kind === "eof") fail(this.peek().location, `expected '}' to close the ${kind}, found end of file`);
      members.push(this.parseMember(kind));
    }
    this.expectPunct("}");
    return {
      kind,
      modifiers,
      ...(modifierLocation === undefined ? {} : { modifierLocation }),
      ...(subtype === undefined ? {} : { subtype }),
      members,
      location: modifierLocation ?? keyword.location,
    };
  }

  private parseMember(kind: LayoutNode["kind"]): LayoutMemberNode {
    const attributes = this.parseAttributes();
    if (kind === "enum" || kind === "bits") {
      const name = this.expectIdent(`${kind} member name`);
      this.expectPunct("=", `after ${kind} member name`);
      const value = this.parseConstant();
      this.expectPunct(";");
      return { attributes, name: name.text, nameLocation: name.location, value };
    }
    if (kind === "struct") {
      const name = this.expectIdent("struct member name");
      const type = this.parseTypeCtor();
      let value: ConstantExpr | undefined;
      if (this.eatPunct("=")) value = this.parseConstant();
      this.expectPunct(";");
      return { attributes, name: name.text, nameLocation: name.location, type, ...(value === undefined ? {} : { value }) };
    }
    const ordinalToken = this.peek();
    if (ordinalToken.kind !== "number") fail(ordinalToken.location, `expected an ordinal ('1:') for the ${kind} member, found ${describe(ordinalToken)}`);
    this.next();
    const ordinal = Number(ordinalToken.text);
    if (!Number.isInteger(ordinal) || ordinal < 1 || ordinal > 0xffffffff) {
      fail(ordinalToken.location, `invalid ${kind} ordinal ${ordinalToken.text}: ordinals start at 1`);
    }
    this.expectPunct(":", "after the ordinal");
    if (this.isIdent("reserved") && this.isPunct(";", 1)) {
      const name = this.next();
      this.next();
      return { attributes, name: "reserved", nameLocation: name.location, ordinal, ordinalLocation: ordinalToken.location, reserved: true };
    }
    const name = this.expectIdent(`${kind} member name`);
    const type = this.parseTypeCtor();
    this.expectPunct(";");
    return { attributes, name: name.text, nameLocation: name.location, ordinal, ordinalLocation: ordinalToken.location, type };
  }
}

/** Parses one `.fidl` file; throws FidlCompileError at the first syntax error. */
export function parseFile(filename: string, text: string): FileNode {
  return new Parser(tokenize(filename, text)).parseFile(filename);
}
