// Tests for loading the fidl-ws contender: present, not importable, or not ready.
import { describe, expect, it } from "vitest";
import { type Contender, payloadItself } from "../src/contender.ts";
import { loadOptionalContender } from "../src/optional-contender.ts";
import type { SoloScenario } from "../src/solo-scenario.ts";

const contender: Contender = {
  name: "fidl-ws",
  description: "in process",
  start: () => Promise.resolve({ pid: 0, port: 0 }),
  call: (payload) => Promise.resolve(payload),
    echoed: payloadItself,
  connectMany: () => Promise.resolve([]),
  stop: () => Promise.resolve(),
};
const solo: SoloScenario = { id: "G", title: "reboot", unit: "ms", run: () => Promise.resolve({ value: 1 }) };

describe("loadOptionalContender", () => {
  it("returns the contender and its solo scenarios", async () => {
    const loaded = await loadOptionalContender(() => Promise.resolve({ createContender: () => contender, fidlWsOnly: [solo] }), "x.ts");
    expect(loaded).toEqual({ contender, solo: [solo] });
  });

  it("skips a module that does not import, saying why", async () => {
    const loaded = await loadOptionalContender(() => Promise.reject(new Error("Cannot find module '@fidl-ws/echo-example'")), "src/contenders/fidl-ws.ts");
    expect(loaded).toEqual({ solo: [], skipped: "src/contenders/fidl-ws.ts does not import: Cannot find module '@fidl-ws/echo-example'" });
  });

  it("skips a contender that is not ready, keeping the reason it gives", async () => {
    const loaded = await loadOptionalContender(
      () =>
        Promise.resolve({
          createContender: () => {
            throw new Error("not implemented yet");
          },
        }),
      "x.ts",
    );
    expect(loaded).toEqual({ solo: [], skipped: "not implemented yet" });
  });

  it("skips the real stub with its reason while the lead has not completed it", async () => {
    const loaded = await loadOptionalContender(() => import("../src/contenders/fidl-ws.ts"), "src/contenders/fidl-ws.ts");
    if (loaded.contender === undefined) expect(loaded.skipped).toMatch(/\S/);
    else expect(loaded.contender.name).toBe("fidl-ws");
  });
});
