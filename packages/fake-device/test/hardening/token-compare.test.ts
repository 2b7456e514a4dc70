// The token compare is constant-time: every comparison, whatever the lengths, goes through
// crypto.timingSafeEqual on equal-length buffers, and nothing returns before it. Checked by
// watching the calls (node:crypto mocked with a spy around the real function) and by reading
// the function's code.
import * as crypto from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { checkUpgrade, tokensEqual } from "../../src/security.ts";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

beforeEach(() => {
  timingSafeEqual.mockClear();
});

describe("tokensEqual", () => {
  it("calls timingSafeEqual once on equal-length buffers, even for tokens of different lengths", () => {
    const cases: Array<[string, string, boolean]> = [
      ["correct-horse", "correct-horse", true],
      ["correct-horse", "correct-horsf", false],
      ["correct", "correct-horse", false],
      ["correct-horse-battery-staple", "correct-horse", false],
      ["", "correct-horse", false],
      ["correct-horse\0", "correct-horse", false],
    ];
    for (const [presented, expected, equal] of cases) {
      timingSafeEqual.mockClear();
      expect(tokensEqual(presented, expected)).toBe(equal);
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [left, right] = timingSafeEqual.mock.calls[0] as [Buffer, Buffer];
      expect(left.byteLength).toBe(right.byteLength);
      expect(left.byteLength).toBe(Math.max(Buffer.byteLength(presented), Buffer.byteLength(expected), 1));
    }
  });

  it("is what checkUpgrade uses for a presented token", () => {
    const request = { url: "/?token=short", headers: {} } as unknown as IncomingMessage;
    expect(checkUpgrade(request, { token: "a-much-longer-token" })).toEqual({ status: 401, reason: "the token is wrong" });
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it("has no early return and no length check before the constant-time compare (code inspection)", () => {
    // The source as written (the transformed function would rename the import).
    const file = readFileSync(new URL("../../src/security.ts", import.meta.url), "utf8");
    const start = file.indexOf("export function tokensEqual(");
    expect(start).toBeGreaterThan(0);
    const source = file.slice(start, file.indexOf("\n}\n", start));
    const compare = source.indexOf("timingSafeEqual(");
    expect(compare).toBeGreaterThan(0);
    // Everything up to the statement that makes the compare (`return timingSafeEqual(...) && ...`).
    const before = source.slice(0, source.lastIndexOf("\n", compare));
    expect(before).not.toMatch(/\breturn\b/);
    expect(before).not.toMatch(/\.length\s*[!=]==?/);
    expect(before).not.toMatch(/\bif\s*\(/);
  });
});
