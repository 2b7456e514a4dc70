// `pnpm --filter @fidl-ws/echo-example example [<name>|all] [--device ws://...]`: with no name,
// lists the examples with a one-line description; otherwise starts the device process (unless
// --device is given), runs the example(s) with sectioned output and stops the device.
import { EXAMPLES } from "./index.ts";
import { isMain, parseDeviceFlag, runExamples } from "./example.ts";

/** The listing printed with no name. */
export function usage(): string {
  const width = Math.max(...EXAMPLES.map((example) => example.name.length));
  const lines = EXAMPLES.map((example) => `  ${example.name.padEnd(width)}  ${example.description}`);
  return [
    "Usage: pnpm --filter @fidl-ws/echo-example example <name>|all [--device ws://HOST:PORT]",
    "",
    "Each example starts the fake device (or uses --device) and shows the wrong way, then the right way.",
    "",
    ...lines,
    `  ${"all".padEnd(width)}  every example above, in order`,
  ].join("\n");
}

/** Runs the command; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseDeviceFlag>;
  try {
    parsed = parseDeviceFlag(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    return 2;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined) {
    console.log(usage());
    return 0;
  }
  const chosen = name === "all" ? EXAMPLES : EXAMPLES.filter((example) => example.name === name);
  if (chosen.length === 0 || extra.length > 0) {
    console.error(`${chosen.length === 0 ? `no example named "${name}"` : `unexpected arguments: ${extra.join(" ")}`}\n\n${usage()}`);
    return 2;
  }
  return runExamples(chosen, parsed.device);
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
