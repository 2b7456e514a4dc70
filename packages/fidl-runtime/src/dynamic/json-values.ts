// JSON ⇄ FIDL values for the CLI and scripts: int64/uint64 as decimal strings, bytes as arrays
// of numbers or base64, enum and bits members by name — directed by the IR type, so a string
// becomes a bigint only where the type wants one.
import type { IrType } from "../compiler/ir.ts";
import { Channel } from "../channel/channel.ts";
import type { DeclIndex } from "./decl-index.ts";

/**
 * Converts parsed JSON to the value a FIDL type's schema expects:
 * - int64 / uint64 (also 64-bit enums and bits): a decimal string (`"-12"`) or a safe integer → bigint;
 * - `vector<uint8>` / `array<uint8, N>`: an array of numbers, or a base64 string → Uint8Array;
 * - enums: a member name (`"GREEN"`) → its value; bits: member names joined by `|` (`"ALPHA|BETA"`);
 * - structs, tables, unions, vectors, arrays: converted member by member.
 * Anything that does not fit is passed through unchanged, so schema validation reports it with
 * its field path (`request.items[2].count: ...`), exactly as for a generated client.
 */
export function fromJson(type: IrType | undefined, value: unknown, index: DeclIndex): unknown {
  if (type === undefined || value === null || value === undefined) return value;
  switch (type.kind_v2) {
    case "primitive":
      return type.subtype === "int64" || type.subtype === "uint64" ? toBigInt(value) : value;
    case "vector":
    case "array": {
      const element = type.element_type;
      if (element.kind_v2 === "primitive" && element.subtype === "uint8") return toBytes(value);
      return Array.isArray(value) ? value.map((item) => fromJson(element, item, index)) : value;
    }
    case "identifier":
      return fromJsonDecl(type.identifier, value, index);
    default:
      return value;
  }
}

function fromJsonDecl(name: string, value: unknown, index: DeclIndex): unknown {
  const found = index.findType(name);
  if (found === undefined) return value;
  switch (found.kind) {
    case "alias":
      return fromJson(found.decl.type, value, index);
    case "struct":
    case "table": {
      if (!isObject(value)) return value;
      const out: Record<string, unknown> = { ...value };
      for (const member of found.decl.members) {
        if (member.name in out) out[member.name] = fromJson(member.type, out[member.name], index);
      }
      return out;
    }
    case "union": {
      if (!isObject(value)) return value;
      const keys = Object.keys(value);
      if (keys.length !== 1) return value;
      const key = keys[0]!;
      const member = found.decl.members.find((m) => m.name === key);
      return member === undefined ? value : { [key]: fromJson(member.type, value[key], index) };
    }
    case "enum": {
      const wide = found.decl.type === "int64" || found.decl.type === "uint64";
      if (typeof value === "string") {
        const member = found.decl.members.find((m) => m.name === value);
        if (member !== undefined) return wide ? BigInt(member.value.value) : Number(member.value.value);
      }
      return wide ? toBigInt(value) : value;
    }
    case "bits": {
      const subtype = found.decl.type.kind_v2 === "primitive" ? found.decl.type.subtype : "uint32";
      const wide = subtype === "int64" || subtype === "uint64";
      if (typeof value === "string" && /^[A-Za-z_]/.test(value)) {
        let mask = 0n;
        for (const part of value.split("|").map((p) => p.trim())) {
          const member = found.decl.members.find((m) => m.name === part);
          if (member === undefined) return value;
          mask |= BigInt(member.value.value);
        }
        return wide ? mask : Number(mask);
      }
      return wide ? toBigInt(value) : value;
    }
  }
}

function toBigInt(value: unknown): unknown {
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

function toBytes(value: unknown): unknown {
  if (typeof value === "string") {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return value;
    return new Uint8Array(Buffer.from(value, "base64"));
  }
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255)) {
    return Uint8Array.from(value as number[]);
  }
  return value;
}

/** A FidlResult (what result-union methods resolve to): `kind` plus an `unwrap()` method. */
function isResult(value: unknown): value is Record<string, unknown> & { kind: "response" | "err" | "frameworkErr" } {
  if (!isObject(value) || typeof value.unwrap !== "function") return false;
  return value.kind === "response" || value.kind === "err" || value.kind === "frameworkErr";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Converts a FIDL value to plain JSON data: bigint → decimal string, Uint8Array → array of
 * numbers, a channel → `"<channel>"`, absent table fields (`undefined`) dropped; result objects
 * become `{ response }`, `{ err }` or `{ framework_err }`.
 */
export function toJson(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Channel) return "<channel>";
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (isResult(value)) {
    const key = value.kind === "frameworkErr" ? "framework_err" : value.kind;
    return { [key]: toJson(value[value.kind]) ?? null };
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && typeof item !== "function") out[key] = toJson(item);
    }
    return out;
  }
  return value;
}

/** `JSON.stringify` of {@link toJson}, indented by two spaces. */
export function stringifyFidl(value: unknown): string {
  return JSON.stringify(toJson(value) ?? null, null, 2);
}
