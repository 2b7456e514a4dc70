// The zod schema helpers generated code uses: ranges, byte bounds, containers, layouts, handles.
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import * as $fidl from "../../src/schema/index.ts";
import {
  ColorSchema,
  FlagsSchema,
  NoopTableSchema,
  NoopUnionSchema,
  SettingsSchema,
  SomeBitsSchema,
  TableUnionSchema,
} from "../generated/fuchsia.controller.test.ts";
import { EchoEchoStringRequestSchema } from "../generated/fuchsia.examples.ts";

function issues(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("primitives", () => {
  it("checks integer ranges exactly at the edges", () => {
    expect($fidl.uint8.safeParse(255).success).toBe(true);
    expect(issues($fidl.uint8, 256)).toEqual([": uint8 must be <= 255"]);
    expect(issues($fidl.int8, -129)).toEqual([": int8 must be >= -128"]);
    expect(issues($fidl.int32, 1.5)).toEqual([": expected int32 (an integer)"]);
    expect($fidl.uint32.safeParse(4294967295).success).toBe(true);
  });

  it("takes 64-bit integers as bigint only", () => {
    expect($fidl.uint64.safeParse(2n ** 64n - 1n).success).toBe(true);
    expect(issues($fidl.uint64, 2n ** 64n)).toEqual([": uint64 must be <= 2^64-1"]);
    expect(issues($fidl.int64, 5)).toEqual([": expected int64 (a bigint)"]);
  });

  it("admits NaN and infinities as floats", () => {
    expect($fidl.float64.safeParse(Number.NaN).success).toBe(true);
    expect($fidl.float32.safeParse(Number.POSITIVE_INFINITY).success).toBe(true);
    expect(issues($fidl.float32, "1")).toEqual([": expected float32 (a number)"]);
  });
});

describe("strings and bytes", () => {
  it("bounds strings in UTF-8 bytes, not characters", () => {
    const s = $fidl.string(4);
    expect(s.safeParse("abcd").success).toBe(true);
    expect(s.safeParse("éé").success).toBe(true); // 4 bytes
    expect(issues(s, "ééa")).toEqual([": string is longer than its bound of 4 UTF-8 bytes"]);
    expect(issues(s, "abcde")).toEqual([": string is longer than its bound of 4 UTF-8 bytes"]);
  });

  it("takes bytes as Uint8Array with a bound", () => {
    expect($fidl.bytes(2).safeParse(Buffer.from([1, 2])).success).toBe(true);
    expect(issues($fidl.bytes(2), new Uint8Array(3))).toEqual([": byte vector is longer than 2 bytes"]);
    expect(issues($fidl.byteArray(2), new Uint8Array(1))).toEqual([": expected exactly 2 bytes"]);
    expect(issues($fidl.bytes(), [1, 2])).toEqual([": expected a Uint8Array"]);
  });
});

describe("containers", () => {
  it("bounds vectors and sizes arrays, with element paths", () => {
    expect(issues($fidl.vector($fidl.uint8, 2), [1, 2, 3])).toEqual([": vector has more than 2 elements"]);
    expect(issues($fidl.vector($fidl.uint8), [1, 300])).toEqual(["1: uint8 must be <= 255"]);
    expect(issues($fidl.array($fidl.bool, 2), [true])).toEqual([": expected exactly 2 elements"]);
  });

  it("normalizes a missing optional value to null", () => {
    const s = $fidl.struct<{ v: string | null }>({ v: $fidl.optional($fidl.string()) });
    expect(s.parse({})).toEqual({ v: null });
    expect(s.parse({ v: null })).toEqual({ v: null });
    expect(s.parse({ v: "x" })).toEqual({ v: "x" });
  });
});

describe("layouts (generated schemas)", () => {
  it("reports precise paths like request.value", () => {
    const request = $fidl.struct<{ request: { value: string } }>({ request: EchoEchoStringRequestSchema });
    expect(issues(request, { request: { value: "x".repeat(33) } })).toEqual(["request.value: string is longer than its bound of 32 UTF-8 bytes"]);
  });

  it("applies struct defaults", () => {
    expect(SettingsSchema.parse({})).toEqual({ name: "default", retries: 3, color: 2, verbose: false });
    expect(SettingsSchema.parse({ retries: 9 })).toMatchObject({ retries: 9 });
  });

  it("treats table fields as optional and drops absent ones", () => {
    expect(NoopTableSchema.parse({ str: "a", integer: null })).toEqual({ str: "a" });
    expect(issues(NoopTableSchema, { integer: 1 })).toEqual(["integer: expected int64 (a bigint)"]);
  });

  it("takes a union as an object with one key, with the variant in error paths", () => {
    expect(TableUnionSchema.parse({ table: { dub: 1.5 } })).toEqual({ table: { dub: 1.5 } });
    expect(issues(TableUnionSchema, { table: { str: 5 } })).toEqual(["table.str: expected a string"]);
    expect(issues(TableUnionSchema, { table: {}, number: 1 })).toEqual([": expected exactly one union variant, got table, number"]);
    expect(issues(TableUnionSchema, { other: 1 })).toEqual(['other: unknown union variant "other" (expected one of: table, number)']);
  });

  it("turns an unknown variant of a flexible union into $unknown, idempotently", () => {
    const parsed = NoopUnionSchema.parse({ newer: [1, 2] });
    expect(parsed).toEqual({ $unknown: { name: "newer", value: [1, 2] } });
    expect(NoopUnionSchema.parse(parsed)).toEqual(parsed);
  });

  it("checks strict enum members and strict bits masks", () => {
    expect(ColorSchema.safeParse(3).success).toBe(true);
    expect(issues(ColorSchema, 4)).toEqual([": not a member of the strict enum (RED=1, GREEN=2, BLUE=3)"]);
    expect(SomeBitsSchema.safeParse(0x8000000000000000n).success).toBe(true);
    expect(issues(SomeBitsSchema, 1n)).toEqual([": has bits outside the strict bits mask 0x8000000000000000"]);
    expect(FlagsSchema.safeParse(0xff).success).toBe(true);
  });
});

describe("handles", () => {
  it("accepts Channels for client_end, server_end and zx.Handle", () => {
    const [a, b] = Channel.create();
    expect($fidl.clientEnd("x/P").safeParse(a).success).toBe(true);
    expect($fidl.serverEnd("x/P").safeParse(b).success).toBe(true);
    expect(issues($fidl.handle("channel"), {})).toEqual([": expected a Channel"]);
    a.close();
    b.close();
  });
});
