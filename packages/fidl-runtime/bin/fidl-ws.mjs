#!/usr/bin/env node
// Launcher for the fidl-ws CLI: runs the TypeScript sources through tsx (no build step), from any cwd.
import { register } from "tsx/esm/api";

register();
const { runFidlWs } = await import("../src/cli/main.ts");
const { processIo } = await import("../src/cli/cli-io.ts");
const code = await runFidlWs(process.argv.slice(2), processIo());
// Exit explicitly: a finished command must not linger on a socket the device keeps open.
process.exit(code);
