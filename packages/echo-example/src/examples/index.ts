// Every runnable example, in the order of the story (and of the async doc where it has one).
import { blocking } from "./blocking.ts";
import { echoBasics } from "./echo-basics.ts";
import type { Example } from "./example.ts";
import { serverErrors } from "./server-errors.ts";
import { syncFacade } from "./sync-facade.ts";
import { taskReferences } from "./task-references.ts";
import { waitFirst } from "./wait-first.ts";

/** The examples `pnpm example <name>` knows, in story order. */
export const EXAMPLES: readonly Example[] = [taskReferences, blocking, serverErrors, waitFirst, syncFacade, echoBasics];

export { blocking, echoBasics, serverErrors, syncFacade, taskReferences, waitFirst };
