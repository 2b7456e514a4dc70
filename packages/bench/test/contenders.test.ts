// Contract tests for every peer contender: real server child, exact echoes, many connections, clean stop.
import { describe, expect, it } from "vitest";
import { liveChildCount } from "../src/child-server.ts";
import { type Contender, echo } from "../src/contender.ts";
import { createBirpcContender } from "../src/contenders/birpc.ts";
import { createCapnwebContender } from "../src/contenders/capnweb.ts";
import { createFloorContender } from "../src/contenders/floor.ts";
import { createGrpcContender } from "../src/contenders/grpc.ts";
import { createRpcWebsocketsContender } from "../src/contenders/rpc-websockets.ts";
import { makePayload, sameBytes } from "../src/payload.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const factories: [string, () => Contender][] = [
  ["floor", createFloorContender],
  ["capnweb", createCapnwebContender],
  ["rpc-websockets", createRpcWebsocketsContender],
  ["birpc", createBirpcContender],
  ["grpc-js", createGrpcContender],
];

describe.each(factories)("%s contender", (name, create) => {
  it("echoes 16 and 65,508 bytes exactly over its own connections and leaves no child behind", async () => {
    const contender = create();
    expect(contender.name).toBe(name);
    const handles = await contender.start();
    try {
      expect(handles.port).toBeGreaterThan(0);
      for (const payload of [makePayload(16, 1), makePayload(65_508, 2)]) {
        expect(sameBytes(await echo(contender, payload), payload)).toBe(true);
      }
      const many = await contender.connectMany(3);
      expect(many).toHaveLength(3);
      const echoes = await Promise.all(many.map((connection, i) => echo(connection, makePayload(8, 10 + i))));
      expect(echoes.map((echoed, i) => sameBytes(echoed, makePayload(8, 10 + i)))).toEqual([true, true, true]);
      await many[0]!.close();
      expect(sameBytes(await echo(many[1]!, makePayload(4, 3)), makePayload(4, 3))).toBe(true);
    } finally {
      await contender.stop();
    }
    expect(isAlive(handles.pid)).toBe(false);
    expect(liveChildCount()).toBe(0);
    await expect(contender.call(new Uint8Array(1))).rejects.toThrow(`${name}: call before start() or after stop()`);
  });
});
