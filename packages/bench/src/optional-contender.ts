// Loads a contender module that may not import or may not be ready yet (fidl-ws while it is built).
import type { Contender } from "./contender.ts";
import type { SoloScenario } from "./solo-scenario.ts";

/** The shape of src/contenders/fidl-ws.ts. */
export interface OptionalContenderModule {
  createContender(): Contender;
  readonly fidlWsOnly?: readonly SoloScenario[];
}

/** The contender and its solo scenarios, or why they are not in this run. */
export interface OptionalContender {
  readonly contender?: Contender;
  readonly solo: readonly SoloScenario[];
  readonly skipped?: string;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports a contender module through `load` (a dynamic `import()`), then creates the contender.
 * Never throws: an import error or a throwing `createContender` becomes `skipped`.
 */
export async function loadOptionalContender(load: () => Promise<OptionalContenderModule>, file: string): Promise<OptionalContender> {
  let module: OptionalContenderModule;
  try {
    module = await load();
  } catch (error) {
    return { solo: [], skipped: `${file} does not import: ${reason(error)}` };
  }
  const solo = module.fidlWsOnly ?? [];
  try {
    return { contender: module.createContender(), solo };
  } catch (error) {
    return { solo, skipped: reason(error) };
  }
}
