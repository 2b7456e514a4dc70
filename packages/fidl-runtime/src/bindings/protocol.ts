// Protocol descriptors: what generated code (and dynamic bindings built from IR) hand to the
// Client / Server / EventHandler base classes. Behaviour lives in the base classes; a descriptor
// is only data.
import type { z } from "zod";

/** How a protocol treats unknown interactions (RFC-0138). */
export type Openness = "open" | "ajar" | "closed";

/** What kind of interaction a method is. */
export type MethodKind = "one-way" | "two-way" | "event";

/** One method or event of a protocol. */
export interface MethodDescriptor {
  /** FIDL name, e.g. `EchoString`, `OnString`. */
  readonly name: string;
  /** Name on generated classes, camelCase: `echoString`, `onString`. */
  readonly jsName: string;
  readonly ordinal: bigint;
  readonly kind: MethodKind;
  readonly strict: boolean;
  /** Schema of the request (or event) payload; absent for an empty payload `()`. */
  readonly request?: z.ZodType;
  /** Two-way only: schema of the success payload; absent for `-> ()`. */
  readonly response?: z.ZodType;
  /** Two-way only: schema of the domain error type of `error E`; absent without error syntax. */
  readonly error?: z.ZodType;
  /**
   * Two-way only: the response travels as a result union `{ response } | { err } |
   * { framework_err }` (methods with `error`, and flexible two-way methods).
   */
  readonly hasResult: boolean;
}

/** A protocol: its fully qualified name, discoverable name, openness and methods. */
export interface ProtocolDescriptor {
  /** Fully qualified FIDL name, e.g. `fuchsia.examples/Echo`. */
  readonly name: string;
  /** Name used to connect (`@discoverable`), e.g. `fuchsia.examples.Echo`. */
  readonly discoverableName: string;
  readonly openness: Openness;
  /** Methods and events, in declaration order (composed ones included). */
  readonly methods: readonly MethodDescriptor[];
}
