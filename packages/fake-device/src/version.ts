// The fake device's software version (what IdentifyHost reports).

/** The device software version. */
export const DEVICE_VERSION = "fake-device 0.1.0";
