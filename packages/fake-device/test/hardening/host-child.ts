// A host process that serves a Callee to the device's CallbackRunner and never answers Ping: the
// hardening test kills it with SIGKILL while the device is calling it. Prints "calling" once
// the device's Ping has reached this process. Usage: node --import tsx host-child.ts <device url>
import { Channel, connect } from "@fidl-ws/runtime";
import { CalleeServer, CallbackRunnerClient, CallbackRunnerProtocol } from "../../generated/fuchsia.fakedevice.test.ts";

class HangingCallee extends CalleeServer {
  ping(): Promise<never> {
    process.stdout.write("calling\n");
    return new Promise(() => {});
  }
}

const url = process.argv[2];
if (url === undefined) {
  process.stderr.write("usage: host-child.ts <device url>\n");
  process.exit(2);
}
const connection = await connect(url);
const [client, server] = Channel.create();
void new HangingCallee(server, { onError: () => {} }).serve();
const runner = new CallbackRunnerClient(connection.connectDeviceProxy("/core/callback_runner", CallbackRunnerProtocol));
// Never settles before the kill: the callee hangs.
runner.run({ callee: client, value: "from a host about to vanish" }).then(
  () => {},
  () => {},
);
