// Starts test/link/fixtures/peer.ts as a real child process: a link server on 127.0.0.1:0 that
// echoes, serves endpoints sent to it and sends endpoints back.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { within } from "../link/helpers.ts";

const fixture = fileURLToPath(new URL("../link/fixtures/peer.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export interface Peer {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts the peer process and waits for the port on its first stdout line. */
export async function startPeer(): Promise<Peer> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], {
    cwd: packageDir,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await within(
    new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const newline = out.indexOf("\n");
        if (newline >= 0) resolve(out.slice(0, newline).trim());
      });
      child.once("exit", (code) => reject(new Error(`peer exited early with code ${code}`)));
    }),
    "the peer's port",
    15_000,
  );
  return {
    child,
    url: `ws://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.stdin!.end();
      await within(exited, "the peer exiting");
    },
  };
}

