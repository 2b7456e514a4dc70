// What unknown-method / unknown-event handlers receive (RFC-0138 unknown interactions).

/** An interaction whose ordinal this side does not know, passed to the unknown-method/event hooks. */
export interface UnknownInteraction {
  /** The ordinal as it arrived. */
  readonly ordinal: bigint;
  /** `one-way` / `two-way` for requests (by txid), `event` for events. */
  readonly kind: "one-way" | "two-way" | "event";
}
