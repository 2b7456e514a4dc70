// buildObject against the obvious implementation: assigning the pairs one by one, in order.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildObject } from "../../src/wire/object-shapes.ts";

function storeEach(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    object[key] = values[i];
  });
  return object;
}

/** Same own keys in the same order, same values, a plain object. */
function expectSame(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  expect(Object.getPrototypeOf(actual)).toBe(Object.prototype);
  expect(Object.entries(actual)).toEqual(Object.entries(expected));
}

// Keys that literals and stores could treat differently: integer-like ones (enumerated first),
// duplicates, quotes and backslashes, names on Object.prototype.
const keyArbitrary = fc.oneof(
  fc.constantFrom("a", "b", "value", "0", "1", "01", "-1", "4294967295", '"', "\\", "a b", "constructor", "toString", ""),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);

describe("buildObject", () => {
  it("builds what assigning the pairs in order builds, first time and compiled", () => {
    fc.assert(
      fc.property(fc.array(keyArbitrary, { maxLength: 6 }), (keys) => {
        const values = keys.map((_, i) => ({ i }));
        const expected = storeEach(keys, values);
        // The first sighting of a shape is built by stores, later ones by its compiled literal.
        for (let round = 0; round < 3; round++) expectSame(buildObject(keys, values), expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("builds objects with more keys than a shape holds", () => {
    const keys = Array.from({ length: 100 }, (_, i) => `field${i}`);
    const values = keys.map((_, i) => i);
    for (let round = 0; round < 3; round++) expectSame(buildObject(keys, values), storeEach(keys, values));
  });

  it("keeps building correct objects once the shape bound is reached", () => {
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 3000; n++) {
        const keys = [`k${n}`, "tail"];
        expectSame(buildObject(keys, [n, round]), { [`k${n}`]: n, tail: round });
      }
    }
  });

  it("works where code generation from strings is disallowed", () => {
    const module = fileURLToPath(new URL("../../src/wire/object-shapes.ts", import.meta.url));
    const script = `
      const { buildObject } = await import(${JSON.stringify(module)});
      const built = [0, 1, 2].map((i) => buildObject(["a", "b"], [i, "x"]));
      process.stdout.write(JSON.stringify(built));`;
    const output = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(JSON.parse(output)).toEqual([
      { a: 0, b: "x" },
      { a: 1, b: "x" },
      { a: 2, b: "x" },
    ]);
  });
});
