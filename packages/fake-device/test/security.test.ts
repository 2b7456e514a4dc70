// Unit tests of the upgrade policy: Origin, token (header or query), constant-time comparison.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkUpgrade, isLoopbackHost, tokensEqual } from "../src/security.ts";

function request(url: string, headers: Record<string, string>): IncomingMessage {
  return { url, headers } as unknown as IncomingMessage;
}

describe("checkUpgrade", () => {
  it("accepts a request without Origin when no token is set", () => {
    expect(checkUpgrade(request("/", {}), {})).toBeUndefined();
  });

  it("refuses an Origin that is not allowed with 403", () => {
    expect(checkUpgrade(request("/", { origin: "http://evil.example" }), { allowedOrigins: ["http://good.example"] })).toEqual({
      status: 403,
      reason: "origin http://evil.example is not allowed",
    });
    expect(checkUpgrade(request("/", { origin: "http://good.example" }), { allowedOrigins: ["http://good.example"] })).toBeUndefined();
  });

  it("requires the token as a Bearer header or a token query parameter", () => {
    const policy = { token: "t0k" };
    expect(checkUpgrade(request("/", {}), policy)).toEqual({ status: 401, reason: "a token is required" });
    expect(checkUpgrade(request("/", { authorization: "Bearer nope" }), policy)).toEqual({ status: 401, reason: "the token is wrong" });
    expect(checkUpgrade(request("/", { authorization: "Bearer t0k" }), policy)).toBeUndefined();
    expect(checkUpgrade(request("/?token=t0k", {}), policy)).toBeUndefined();
  });
});

describe("tokensEqual", () => {
  it("compares whole tokens, including their length", () => {
    expect(tokensEqual("abc", "abc")).toBe(true);
    expect(tokensEqual("abc", "abd")).toBe(false);
    expect(tokensEqual("abc", "abc\0")).toBe(false);
    expect(tokensEqual("", "")).toBe(true);
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "::1", "localhost", "127.1.2.3"].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(["0.0.0.0", "192.168.1.2", "::"].map(isLoopbackHost)).toEqual([false, false, false]);
  });
});
