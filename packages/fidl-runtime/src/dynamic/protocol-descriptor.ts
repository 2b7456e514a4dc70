// Turns an IR protocol into the ProtocolDescriptor generated code would declare: same names,
// ordinals, openness, strictness and schemas.
import type { IrProtocol } from "../compiler/ir.ts";
import { jsMethodName } from "../compiler/naming.ts";
import type { MethodDescriptor, MethodKind, ProtocolDescriptor } from "../bindings/protocol.ts";
import type { DeclIndex } from "./decl-index.ts";
import { discoverableNameOf, methodShape } from "../compiler/protocol-shape.ts";
import type { SchemaBuilder } from "./schema-builder.ts";

const KINDS = { oneway: "one-way", twoway: "two-way", event: "event" } as const satisfies Record<string, MethodKind>;

export { discoverableNameOf };

/** Builds the descriptor of `protocol` (the emitter's `XxxProtocol` constant, at run time). */
export function buildProtocolDescriptor(protocol: IrProtocol, index: DeclIndex, schemas: SchemaBuilder): ProtocolDescriptor {
  const methods = protocol.methods.map((method): MethodDescriptor => {
    const shape = methodShape(method, index);
    return {
      name: method.name,
      jsName: jsMethodName(method.name),
      ordinal: method.ordinal,
      kind: KINDS[method.kind],
      strict: method.strict,
      ...(shape.request === undefined ? {} : { request: schemas.type(shape.request) }),
      ...(shape.response === undefined ? {} : { response: schemas.type(shape.response) }),
      ...(shape.error === undefined ? {} : { error: schemas.type(shape.error) }),
      hasResult: shape.hasResult,
    };
  });
  return { name: protocol.name, discoverableName: discoverableNameOf(protocol), openness: protocol.openness, methods };
}
