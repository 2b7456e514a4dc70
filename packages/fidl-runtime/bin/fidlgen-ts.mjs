#!/usr/bin/env node
// Launcher for fidlgen-ts: runs the TypeScript sources through tsx (no build step), from any cwd.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/compiler/cli.ts");
process.exitCode = runCli(process.argv.slice(2));
