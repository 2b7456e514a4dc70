import { describe, expect, it } from "vitest";
import { formatOrdinal, fullSelector, methodOrdinal, ordinalOf } from "../../src/wire/index.ts";

describe("method ordinals", () => {
  it("match fidlc for the examples in fidl-facts.md", () => {
    expect(formatOrdinal(methodOrdinal("fuchsia.developer.ffx", "Echo", "EchoString"))).toBe("0x002f679074ce7a25");
    expect(formatOrdinal(methodOrdinal("fuchsia.developer.remotecontrol", "RemoteControl", "EchoString"))).toBe(
      "0x2bbec7ca8a72e82b",
    );
    expect(methodOrdinal("test.error", "Example", "foo")).toBe(1107623248440401476n);
  });

  it("uses a @selector as the method name, or as the full name when it has a slash", () => {
    expect(fullSelector("lib", "P", "M", "Other")).toBe("lib/P.Other");
    expect(fullSelector("lib", "P", "M", "fuchsia.io/Node.Close")).toBe("fuchsia.io/Node.Close");
    expect(methodOrdinal("lib", "P", "M", "fuchsia.io/Node.Close")).toBe(ordinalOf("fuchsia.io/Node.Close"));
  });

  it("always clears the top bit", () => {
    for (const name of ["a/B.c", "x/Y.z", "fuchsia.examples/Echo.EchoString"]) {
      expect(ordinalOf(name) >> 63n).toBe(0n);
    }
  });
});
