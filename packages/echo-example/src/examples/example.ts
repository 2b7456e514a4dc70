// What every runnable example is (a name, a one-line description, a `run(options)`), and the
// command-line entry that starts the device process around it (or uses `--device ws://...`).
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ZxError } from "@fidl-ws/runtime";
import { useDevice } from "../device.ts";
import { type Output, createOutput } from "../output.ts";

/** What `run()` is given. */
export interface ExampleOptions {
  /** The device address, `ws://127.0.0.1:PORT`. */
  url: string;
  /** Where to show the output; default: printed to stdout. */
  out?: Output;
}

/** One runnable pattern of the async best-practices doc. */
export interface Example<Result = unknown> {
  /** The name `pnpm example <name>` takes, e.g. `blocking`. */
  readonly name: string;
  /** The heading printed above its output, e.g. `2. Blocking vs awaiting`. */
  readonly title: string;
  /** One line saying what it shows. */
  readonly description: string;
  /** Runs it against the device at `url`; resolves with what it observed. */
  run(options: ExampleOptions): Promise<Result>;
}

/** The status name of a thrown value (`ZX_ERR_PEER_CLOSED`), or its class name if it has none. */
export function statusOf(error: unknown): string {
  if (error instanceof ZxError) return error.statusName;
  return error instanceof Error ? error.name : typeof error;
}

/** The first line of an error's message. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? "";
}

/** True when the module at `moduleUrl` is the script Node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Parses `[--device ws://...]`; throws a TypeError naming an unknown flag. */
export function parseDeviceFlag(argv: readonly string[]): { device: string | undefined; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: { device: { type: "string" } },
  });
  return { device: values.device, positionals };
}

/**
 * Runs `examples` one after the other as a command would: starts the device process (unless
 * `device` is given), prints each example's sectioned output, stops the device. Returns the exit
 * code: 0, or 1 if an example failed (its error is printed).
 */
export async function runExamples(examples: readonly Example[], device: string | undefined, out: Output = createOutput()): Promise<number> {
  const handle = await useDevice(device);
  try {
    out.line(handle.owned ? `started the fake device at ${handle.url}` : `using the device at ${handle.url}`);
    for (const example of examples) {
      out.heading(example.title);
      await example.run({ url: handle.url, out });
    }
    return 0;
  } catch (error) {
    console.error(`example failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await handle.close();
    if (handle.owned) out.line("stopped the fake device");
  }
}

/** The command-line entry of one example file: `tsx src/examples/<file>.ts [--device ws://...]`. */
export async function runExampleCli(example: Example, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { device } = parseDeviceFlag(argv);
  process.exitCode = await runExamples([example], device);
}
