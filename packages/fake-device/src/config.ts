// The device configuration file: which components to load (moniker → module → protocols), faults
// to start with, and allowed origins. Modules resolve relative to the config file.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { ComponentImplementation, ComponentModuleExport } from "./component.ts";
import type { FaultSpec } from "./faults.ts";
import type { ComponentSource } from "./realm.ts";

const componentEntrySchema = z.strictObject({
  moniker: z.string().min(1),
  module: z.string().min(1),
  export: z.string().min(1).optional(),
  protocols: z.array(z.string().min(1)).min(1),
});

const faultSchema = z.strictObject({
  protocol: z.string().min(1),
  moniker: z.string().optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  epitaph: z.number().int().optional(),
  throwMessage: z.string().optional(),
  dropConnection: z.boolean().optional(),
  count: z.number().int().min(0).optional(),
});

/** The config file's shape. */
export const deviceConfigSchema = z.strictObject({
  name: z.string().min(1).optional(),
  components: z.array(componentEntrySchema).default([]),
  faults: z.array(faultSchema).default([]),
  allowedOrigins: z.array(z.string()).optional(),
  rebootDelayMs: z.number().int().min(0).optional(),
});

/** A parsed config file. */
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

/** What a config file contributes to the device's options. */
export interface LoadedConfig {
  name?: string;
  components: ComponentSource[];
  faults: FaultSpec[];
  allowedOrigins?: string[];
  rebootDelayMs?: number;
}

/** Reads and checks a config file; throws an Error naming the file and the bad field. */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (cause) {
    throw new Error(`cannot read config file ${absolute}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`config file ${absolute} is not JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(json, dirname(absolute), absolute);
}

/** Checks a config value; module paths resolve against `baseDir`. */
export function parseConfig(json: unknown, baseDir: string, origin = "config"): LoadedConfig {
  const parsed = deviceConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new Error(`${origin}: ${issues}`);
  }
  const config = parsed.data;
  return {
    ...(config.name === undefined ? {} : { name: config.name }),
    components: config.components.map((entry) => moduleSource(entry, baseDir)),
    faults: config.faults.map((fault) => stripUndefined(fault) as FaultSpec),
    ...(config.allowedOrigins === undefined ? {} : { allowedOrigins: config.allowedOrigins }),
    ...(config.rebootDelayMs === undefined ? {} : { rebootDelayMs: config.rebootDelayMs }),
  };
}

/** A component loaded from a module file on first start (and re-instantiated on every boot). */
export function moduleSource(entry: z.infer<typeof componentEntrySchema>, baseDir: string): ComponentSource {
  const url = pathToFileURL(resolve(baseDir, entry.module)).href;
  const exportName = entry.export ?? "default";
  return {
    moniker: entry.moniker,
    protocols: entry.protocols,
    async load(context): Promise<ComponentImplementation> {
      let namespace: Record<string, unknown>;
      try {
        namespace = (await import(url)) as Record<string, unknown>;
      } catch (cause) {
        throw new Error(`module ${entry.module} failed to load: ${(cause as Error).message ?? String(cause)}`, { cause });
      }
      const exported = namespace[exportName] as ComponentModuleExport | undefined;
      if (exported === undefined) throw new Error(`module ${entry.module} has no export ${JSON.stringify(exportName)}`);
      return typeof exported === "function" ? await exported(context) : exported;
    },
  };
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
