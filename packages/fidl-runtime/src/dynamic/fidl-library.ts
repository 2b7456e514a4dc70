// FidlLibrary: FIDL libraries loaded at run time — protocols by name, type schemas, and the IR
// the CLI's JSON conversion walks.
import type { z } from "zod";
import type { IrLibrary, IrType } from "../compiler/ir.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { DeclIndex } from "./decl-index.ts";
import { DynamicProtocol } from "./dynamic-protocol.ts";
import { buildProtocolDescriptor, discoverableNameOf } from "./protocol-descriptor.ts";
import { SchemaBuilder } from "./schema-builder.ts";

/**
 * One or more FIDL libraries loaded at run time (from `.fidl` sources or fidlc JSON IR), usable
 * like generated bindings: `lib.protocol("fuchsia.examples/Echo").client(channel)`.
 */
export class FidlLibrary {
  /** The libraries, dependencies first. */
  readonly libraries: readonly IrLibrary[];
  /** @internal Declarations by fully qualified name. */
  readonly index: DeclIndex;
  readonly #schemas: SchemaBuilder;
  readonly #protocols = new Map<string, DynamicProtocol>();

  /** @internal Use {@link loadFidl}. */
  constructor(libraries: readonly IrLibrary[]) {
    this.libraries = libraries;
    this.index = new DeclIndex(libraries);
    this.#schemas = new SchemaBuilder(this.index);
  }

  /** Fully qualified names of every protocol, e.g. `["fuchsia.examples/Echo", ...]`. */
  get protocolNames(): string[] {
    return [...this.index.protocols.keys()];
  }

  /**
   * The protocol named `name`: fully qualified (`fuchsia.examples/Echo`) or discoverable
   * (`fuchsia.examples.Echo`). Throws ZxError NOT_FOUND naming it and listing what is loaded.
   */
  protocol(name: string): DynamicProtocol {
    const found = this.findProtocol(name);
    if (found !== undefined) return found;
    const known = this.protocolNames.join(", ") || "none";
    throw new ZxError(ZxStatus.NOT_FOUND, `no protocol ${name} in the loaded libraries (protocols: ${known})`);
  }

  /** Like {@link protocol} but `undefined` when there is none. */
  findProtocol(name: string): DynamicProtocol | undefined {
    let ir = this.index.protocols.get(name);
    if (ir === undefined) {
      for (const candidate of this.index.protocols.values()) {
        if (discoverableNameOf(candidate) === name) {
          ir = candidate;
          break;
        }
      }
    }
    if (ir === undefined) return undefined;
    let protocol = this.#protocols.get(ir.name);
    if (protocol === undefined) {
      protocol = new DynamicProtocol(buildProtocolDescriptor(ir, this.index, this.#schemas), ir);
      this.#protocols.set(ir.name, protocol);
    }
    return protocol;
  }

  /** The schema of a declared type (`fuchsia.examples/EchoEchoStringRequest`), the generated `XxxSchema`. */
  schema(name: string): z.ZodType {
    return this.#schemas.decl(name);
  }

  /** The schema of an IR type. */
  schemaOf(type: IrType): z.ZodType {
    return this.#schemas.type(type);
  }
}
