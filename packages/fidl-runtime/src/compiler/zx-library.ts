// The built-in `zx` library: what `using zx;` brings in (statuses, rights, object types, limits).
// `zx.Handle` itself is not declared here: the resolver knows it as the handle type. Its bindings
// are generated once, into the runtime (src/zx/library.ts); generated modules import them from there.

/** Name of the built-in library. User FIDL may say `using zx;` but cannot declare it. */
export const ZX_LIBRARY = "zx";

/** File name used in diagnostics and headers for the built-in zx library. */
export const ZX_FILENAME = "<built-in zx.fidl>";

/** Object types: `zx.Handle:<SUBTYPE>` names, their obj_type numbers and fidlc's JSON subtype names. */
export const HANDLE_SUBTYPES: ReadonlyMap<string, { readonly objType: number; readonly json: string }> = new Map(
  (
    [
      ["NONE", 0, "handle"],
      ["PROCESS", 1, "process"],
      ["THREAD", 2, "thread"],
      ["VMO", 3, "vmo"],
      ["CHANNEL", 4, "channel"],
      ["EVENT", 5, "event"],
      ["PORT", 6, "port"],
      ["INTERRUPT", 9, "interrupt"],
      ["PCI_DEVICE", 11, "pcidevice"],
      ["LOG", 12, "debuglog"],
      ["DEBUGLOG", 12, "debuglog"],
      ["SOCKET", 14, "socket"],
      ["RESOURCE", 15, "resource"],
      ["EVENTPAIR", 16, "eventpair"],
      ["JOB", 17, "job"],
      ["VMAR", 18, "vmar"],
      ["FIFO", 19, "fifo"],
      ["GUEST", 20, "guest"],
      ["VCPU", 21, "vcpu"],
      ["TIMER", 22, "timer"],
      ["IOMMU", 23, "iommu"],
      ["BTI", 24, "bti"],
      ["PROFILE", 25, "profile"],
      ["PMT", 26, "pmt"],
      ["SUSPEND_TOKEN", 27, "suspendtoken"],
      ["PAGER", 28, "pager"],
      ["EXCEPTION", 29, "exception"],
      ["CLOCK", 30, "clock"],
      ["STREAM", 31, "stream"],
      ["MSI", 32, "msi"],
      ["IOB", 33, "iob"],
    ] as const
  ).map(([name, objType, json]) => [name, { objType, json }]),
);

/** `ZX_RIGHT_SAME_RIGHTS`: the rights a handle type has when none are given. */
export const SAME_RIGHTS = 0x80000000;

const objTypeMembers = [...HANDLE_SUBTYPES.entries()]
  .filter(([name]) => name !== "DEBUGLOG")
  .map(([name, { objType }]) => `    ${name} = ${objType};`)
  .join("\n");

/** FIDL source of the built-in zx library. */
export const ZX_SOURCE = `/// Zircon kernel types (the subset fidl-ws models).
library zx;

/// A zx_status_t.
alias Status = int32;
alias status = int32;
alias Koid = uint64;
alias Duration = int64;
alias duration = int64;
alias Time = int64;
alias time = int64;
alias Ticks = int64;
alias Off = uint64;

const CHANNEL_MAX_MSG_BYTES uint64 = 65536;
const CHANNEL_MAX_MSG_HANDLES uint64 = 64;
const MAX_NAME_LEN uint64 = 32;
const MAX_CPUS uint64 = 512;

/// Kernel object types.
type ObjType = strict enum : uint32 {
${objTypeMembers}
};

/// Handle rights.
type Rights = strict bits : uint32 {
    DUPLICATE = 0x00000001;
    TRANSFER = 0x00000002;
    READ = 0x00000004;
    WRITE = 0x00000008;
    EXECUTE = 0x00000010;
    MAP = 0x00000020;
    GET_PROPERTY = 0x00000040;
    SET_PROPERTY = 0x00000080;
    ENUMERATE = 0x00000100;
    DESTROY = 0x00000200;
    SET_POLICY = 0x00000400;
    GET_POLICY = 0x00000800;
    SIGNAL = 0x00001000;
    SIGNAL_PEER = 0x00002000;
    WAIT = 0x00004000;
    INSPECT = 0x00008000;
    MANAGE_JOB = 0x00010000;
    MANAGE_PROCESS = 0x00020000;
    MANAGE_THREAD = 0x00040000;
    APPLY_PROFILE = 0x00080000;
    MANAGE_SOCKET = 0x00100000;
    OP_CHILDREN = 0x00200000;
    RESIZE = 0x00400000;
    ATTACH_VMO = 0x00800000;
    MANAGE_VMO = 0x01000000;
    SAME_RIGHTS = 0x80000000;
};

const RIGHTS_BASIC Rights = Rights.TRANSFER | Rights.DUPLICATE | Rights.WAIT | Rights.INSPECT;
const RIGHTS_IO Rights = Rights.READ | Rights.WRITE;
const RIGHTS_PROPERTY Rights = Rights.GET_PROPERTY | Rights.SET_PROPERTY;
const RIGHTS_POLICY Rights = Rights.GET_POLICY | Rights.SET_POLICY;
const DEFAULT_CHANNEL_RIGHTS Rights = Rights.TRANSFER | Rights.WAIT | Rights.INSPECT | Rights.READ | Rights.WRITE | Rights.SIGNAL | Rights.SIGNAL_PEER;
const DEFAULT_EVENT_RIGHTS Rights = Rights.TRANSFER | Rights.DUPLICATE | Rights.WAIT | Rights.INSPECT | Rights.SIGNAL;
`;
