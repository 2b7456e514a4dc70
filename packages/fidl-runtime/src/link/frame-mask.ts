// Which masking key a link's client frames carry.
//
// RFC 6455 masks client frames so that script-chosen bytes cannot pose as HTTP to a proxy
// between browser and server and poison its cache. On a loopback address nothing sits between
// the two processes, so a client link there uses the all-zero key, which RFC 6455 allows: ws then
// sends the payload as it is and the server skips unmasking. For a full 64 KiB message that is
// a 64 KiB copy and XOR fewer per side (ws masks a Buffer into a new one: it never mutates what
// it is given). Any other address keeps ws's random keys.

/** ws's `generateMask` hook: fills the 4-byte key of one frame. */
export type MaskGenerator = (mask: Buffer) => void;

const zeroMask: MaskGenerator = (mask) => {
  mask.fill(0);
};

/**
 * The `generateMask` to give ws for a client socket to `url`: the zero key on a loopback host
 * unless `randomMask` is set, otherwise `undefined` (ws's default random keys).
 */
export function maskGeneratorFor(url: URL, randomMask = false): MaskGenerator | undefined {
  return !randomMask && isLoopbackHost(url.hostname) ? zeroMask : undefined;
}

/** True for `localhost`, 127.0.0.0/8 and `[::1]`, as a parsed URL spells them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
