// Schemas for FIDL handles: client_end:P, server_end:P and zx.Handle, all carried as Channels.
import { z } from "zod";
import { Channel } from "../channel/channel.ts";
import { withCanonicalTest } from "./canonical.ts";

// Channel's constructor is private, so z.instanceof cannot name it; an instanceof check can.
const isChannel = (value: unknown): boolean => value instanceof Channel;
const channel = withCanonicalTest(z.custom<Channel>(isChannel, { error: "expected a Channel" }), isChannel);
const clientEndSchema = withCanonicalTest(z.custom<Channel>(isChannel, { error: "expected a Channel (client_end)" }), isChannel);
const serverEndSchema = withCanonicalTest(z.custom<Channel>(isChannel, { error: "expected a Channel (server_end)" }), isChannel);

/**
 * FIDL `client_end:P`. fidl-ws carries every handle as a {@link Channel}; the protocol name is
 * documentation (it appears in the generated type's JSDoc).
 */
export function clientEnd(_protocol?: string): z.ZodType<Channel> {
  return clientEndSchema;
}

/** FIDL `server_end:P`, a {@link Channel}. */
export function serverEnd(_protocol?: string): z.ZodType<Channel> {
  return serverEndSchema;
}

/**
 * FIDL `zx.Handle` and its subtypes (`zx.Handle:CHANNEL`...). Only channels exist in fidl-ws,
 * so every handle is a {@link Channel}.
 */
export function handle(_subtype?: string): z.ZodType<Channel> {
  return channel;
}
