// gRPC server (@grpc/grpc-js): one unary Echo method over HTTP/2 on loopback, no TLS.
import * as grpc from "@grpc/grpc-js";
import { type BytesMessage, loadEchoService } from "../grpc-echo-proto.ts";
import { announcePort } from "./lifeline.ts";

const Echo = loadEchoService();
const server = new grpc.Server();
server.addService(Echo.service, {
  Echo: (call: grpc.ServerUnaryCall<BytesMessage, BytesMessage>, callback: grpc.sendUnaryData<BytesMessage>) => {
    callback(null, { value: call.request.value });
  },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  announcePort(port);
});
