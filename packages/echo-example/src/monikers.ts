// Where this package's components live on the fake device (device.config.json says the same).

/** Serves fuchsia.examples.Echo, fuchsia.examples.EchoLauncher and fuchsia.developer.ffx.Echo. */
export const ECHO_MONIKER = "/core/echo";
/** Serves a fuchsia.examples.Echo whose EchoString handler throws on purpose. */
export const FAULTY_ECHO_MONIKER = "/core/faulty_echo";
/** Serves fidlws.examples.EchoCaller: calls back into an Echo server the host serves. */
export const ECHO_CALLER_MONIKER = "/core/echo_caller";
