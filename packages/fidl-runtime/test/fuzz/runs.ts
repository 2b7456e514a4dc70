// How many cases each fuzz property runs: 10,000 in the test command; `pnpm fuzz` sets FUZZ_RUNS.
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
