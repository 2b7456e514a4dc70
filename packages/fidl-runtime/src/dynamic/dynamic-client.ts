// DynamicClient: a Client built from a run-time descriptor, with one method per FIDL method (by
// camelCase and by FIDL name) that behaves exactly like the generated one.
import type { Channel } from "../channel/channel.ts";
import { Client, type CallOptions, type ClientOptions } from "../bindings/client.ts";
import { FidlError } from "../bindings/errors.ts";
import type { MethodDescriptor, ProtocolDescriptor } from "../bindings/protocol.ts";
import type { FidlResult, ResultPromise } from "../bindings/result.ts";
import { ZxStatus } from "../zx/status.ts";

/**
 * A client of a protocol loaded at run time. Besides the {@link Client} members it has one
 * method per one-way and two-way FIDL method, under its camelCase name (`echoString`) and its
 * FIDL name (`EchoString`), taking `(request, options?)` — or `(options?)` when the request is
 * empty — like generated clients (installed at run
 * time, so TypeScript sees them through {@link DynamicClient.$call} or a cast to your own
 * interface); and {@link DynamicClient.$call} to call by name.
 */
export class DynamicClient extends Client {
  /** Takes ownership of `channel`. Prefer `library.protocol(name).client(channel)`. */
  constructor(channel: Channel, protocol: ProtocolDescriptor, options?: ClientOptions) {
    super(channel, protocol, options);
  }

  /** The method named `name` (camelCase or FIDL name), or `undefined`. */
  $method(name: string): MethodDescriptor | undefined {
    return findMethod(this.$protocol, name);
  }

  /**
   * Calls `name` (camelCase or FIDL name): a two-way method returns a promise of the response (a
   * {@link ResultPromise} of a {@link FidlResult} for error-syntax and flexible methods); a
   * one-way method returns `undefined` once written. An unknown name, or an event, rejects with
   * FidlError `NO_SUCH_METHOD` naming it.
   */
  $call(name: string, request?: unknown, options?: CallOptions): Promise<unknown> | ResultPromise<unknown, unknown> | undefined {
    const method = this.$method(name);
    if (method === undefined || method.kind === "event") {
      const known = this.$protocol.methods.filter((m) => m.kind !== "event").map((m) => m.name);
      const error = new FidlError(
        ZxStatus.NOT_FOUND,
        "NO_SUCH_METHOD",
        `no ${method === undefined ? "method" : "callable method (it is an event)"} named ${name}; methods: ${known.join(", ") || "none"}`,
        { protocol: this.$protocol.name },
      );
      return Promise.reject(error);
    }
    if (method.kind === "one-way") {
      this.$oneWay(method.jsName, request);
      return undefined;
    }
    return method.hasResult ? this.$twoWayResult(method.jsName, request, options) : this.$twoWay(method.jsName, request, options);
  }
}

/** Finds a method or event by camelCase (jsName) or FIDL name. */
export function findMethod(protocol: ProtocolDescriptor, name: string): MethodDescriptor | undefined {
  return protocol.methods.find((m) => m.jsName === name) ?? protocol.methods.find((m) => m.name === name);
}

/**
 * A DynamicClient subclass for one descriptor, with a prototype method per FIDL method. Names
 * the base class already uses (`$close`, ...) are never shadowed.
 */
export function clientClassFor(protocol: ProtocolDescriptor): new (channel: Channel, options?: ClientOptions) => DynamicClient {
  const Class = class extends DynamicClient {
    constructor(channel: Channel, options?: ClientOptions) {
      super(channel, protocol, options);
    }
  };
  for (const method of protocol.methods) {
    if (method.kind === "event") continue;
    const jsName = method.jsName;
    // As generated: `(request, options?)`, or `(options?)` for a method with an empty request.
    const member =
      method.kind === "one-way"
        ? function (this: DynamicClient, request?: unknown) {
            return this.$call(jsName, request);
          }
        : method.request === undefined
          ? function (this: DynamicClient, options?: CallOptions) {
              return this.$call(jsName, undefined, options);
            }
          : function (this: DynamicClient, request?: unknown, options?: CallOptions) {
              return this.$call(jsName, request, options);
            };
    for (const name of new Set([method.jsName, method.name])) {
      if (name in Class.prototype) continue;
      Object.defineProperty(Class.prototype, name, { value: member, writable: true, configurable: true });
    }
  }
  Object.defineProperty(Class, "name", { value: `${protocol.name.slice(protocol.name.indexOf("/") + 1)}Client` });
  return Class;
}
