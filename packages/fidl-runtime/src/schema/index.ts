// Zod schema helpers for FIDL types, used by generated bindings and by run-time (dynamic) bindings.
export { bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64 } from "./primitives.ts";
export { primitives, type PrimitiveName } from "./primitives.ts";
export { string, bytes, byteArray } from "./strings.ts";
export { vector, array, optional } from "./containers.ts";
export {
  struct,
  table,
  union,
  UNKNOWN_VARIANT_KEY,
  type Fields,
  type UnionOptions,
  type UnknownVariant,
} from "./layouts.ts";
export { enumOf, bitsOf, type EnumOptions, type BitsOptions } from "./enums.ts";
export { clientEnd, serverEnd, handle } from "./handles.ts";
