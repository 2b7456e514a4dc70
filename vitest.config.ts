import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // Generated bindings of a FIDL library named `*.test` end in `.test.ts` too: not test files.
    exclude: ["**/node_modules/**", "**/generated/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    maxWorkers: 2,
    // The JSON report gives .ci/run its "N passed, N failed, N skipped" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
  },
});
