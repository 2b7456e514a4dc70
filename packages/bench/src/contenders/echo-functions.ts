// The echo API shape the object-style peers (capnweb, birpc) expose: one method, bytes in, bytes out.

/** The functions a birpc or capnweb echo server offers. */
export interface EchoFunctions {
  /** Returns `value` unchanged. */
  echo(value: Uint8Array): Uint8Array;
}
