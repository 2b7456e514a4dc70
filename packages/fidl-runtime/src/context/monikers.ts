// Where the device's built-in capabilities live (shared by the host Context and the fake device).

/** Serves `fuchsia.fakedevice.Log` (the device log), like Fuchsia's Archivist. */
export const ARCHIVIST_MONIKER = "/bootstrap/archivist";
/** Serves `fuchsia.hardware.power.statecontrol.Admin` (reboot), like Fuchsia's shutdown shim. */
export const SHUTDOWN_SHIM_MONIKER = "/bootstrap/shutdown_shim";
/** Serves the fake device's own control protocols (`fuchsia.fakedevice.RealmExplorer`, faults). */
export const FAKE_DEVICE_MONIKER = "/bootstrap/fake_device";
