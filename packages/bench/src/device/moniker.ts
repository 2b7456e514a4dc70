// Where device.config.json puts the benchmark's BytesEcho component.
export const BENCH_ECHO_MONIKER = "/core/bench_echo";
