// End-to-end test of `pnpm bench` at a tiny scale: the table on stdout, the JSON file, no child left.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_DIR } from "../src/child-server.ts";
import type { BenchResults } from "../src/results-file.ts";

const dir = mkdtempSync(join(tmpdir(), "fidl-ws-bench-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", resolve(BENCH_DIR, "src/main.ts")], {
      cwd: BENCH_DIR,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`bench did not finish within 30 s; stderr so far:\n${stderr}`));
    }, 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe("pnpm bench", () => {
  it("prints the markdown table and writes every figure, ratio, version and the machine to JSON", async () => {
    const out = join(dir, "latest.json");
    const run = await runBench({ BENCH_SCALE: "0.005", BENCH_ROUNDS: "1", BENCH_ONLY: "birpc", BENCH_SCENARIOS: "A,C-16", BENCH_OUT: out });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| scenario | contender | figure | × floor | range over rounds | other figures |");
    expect(run.stdout).toMatch(/\| A 100 sequential 16-byte echoes \| floor \| p50 [\d,.]+ µs \| 1\.00× \|/);
    expect(run.stdout).toMatch(/\| C-16 10 65,508-byte echoes, 16 in flight \| birpc \| [\d,.]+ MB\/s \| [\d.]+× \|/);
    // BENCH_ONLY leaves fidl-ws out, so this test holds whether or not the lead has completed it.
    expect(run.stdout).not.toContain("Skipped");

    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    expect(results.schema).toBe(1);
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(results.versions["ws"]).toBe("8.23.0");
    expect(results.versions["capnweb"]).toBe("0.12.0");
    expect(results.largePayload.bytes).toBe(65_508);
    expect(results.contenders.map((c) => c.name)).toEqual(["floor", "birpc"]);
    expect(results.scenarios.map((s) => s.id)).toEqual(["A", "C-16"]);
    const a = results.scenarios[0]!;
    expect(a.results.map((r) => r.contender)).toEqual(["floor", "birpc"]);
    expect(a.results[0]!.ratio.p50Us).toBe(1);
    expect(a.results[1]!.samples).toHaveLength(1);
    expect(a.results[1]!.median.p99Us).toBeGreaterThan(0);
    expect(results.skipped).toEqual([]);
    expect(results.targets).toEqual([]);
  });

  it("refuses a bad BENCH_SCALE before starting anything", async () => {
    const run = await runBench({ BENCH_SCALE: "-1", BENCH_OUT: join(dir, "never.json") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BENCH_SCALE="-1" is not a positive number');
  });
});
