// Command-line parsing on node's util.parseArgs: positional arity, integer flags, and errors
// that name the offending argument.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

/** Option definitions, as util.parseArgs takes them. */
export type Options = NonNullable<ParseArgsConfig["options"]>;

/** What a command was given. */
export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses `args` strictly. Throws {@link UsageError} (naming the flag) for an unknown option or a
 * missing value, and naming the missing positional (`<moniker>`) when fewer than `names` are
 * given, or the extra one when more than `names` plus `optional` are.
 */
export function parseCommand(command: string, args: readonly string[], options: Options, names: readonly string[], optional: readonly string[] = []): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: true });
  } catch (error) {
    // util.parseArgs says e.g. "Unknown option '--prot'": keep its wording, it names the flag.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ""), command);
  }
  const values = parsed.values as Parsed["values"];
  if (values.help === true) return { values, positionals: parsed.positionals };
  const missing = names[parsed.positionals.length];
  if (missing !== undefined) throw new UsageError(`missing argument ${missing}`, command);
  const max = names.length + optional.length;
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`, command);
  }
  return { values, positionals: parsed.positionals };
}

/** A non-negative integer flag value, or `fallback` when absent. */
export function integerFlag(command: string, name: string, value: unknown, fallback: number): number;
export function integerFlag(command: string, name: string, value: unknown, fallback?: number): number | undefined;
export function integerFlag(command: string, name: string, value: unknown, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`, command);
  }
  return Number(value);
}

/** A `ws://` or `wss://` device URL; anything else is a usage error naming `<url>`. */
export function deviceUrl(command: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`<url> must be a device address like ws://127.0.0.1:8080, got ${JSON.stringify(value)}`, command);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new UsageError(`<url> must start with ws:// or wss://, got ${JSON.stringify(value)}`, command);
  }
  return value;
}

/** A string-list flag (`--fidl a.fidl --fidl b.fidl`), with comma-separated lists split too. */
export function listFlag(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => String(item).split(",")).filter((item) => item !== "");
}
