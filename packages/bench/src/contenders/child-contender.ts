// Builds a Contender from a server script and a connect function: the lifecycle every stack shares.
import { type ChildServer, spawnServer } from "../child-server.ts";
import { type Contender, type ContenderHandles, type EchoConnection, payloadItself } from "../contender.ts";

/** What a contender file provides to {@link childContender}. */
export interface ChildContenderSpec {
  readonly name: string;
  readonly description: string;
  /** Server script, relative to the bench package, e.g. `src/servers/floor.ts`. */
  readonly server: string;
  /** Extra arguments for the server script. */
  readonly args?: readonly string[];
  /** Opens one client connection to the server that printed `firstLine` and listens on `port`. */
  connect(port: number, firstLine: string): Promise<EchoConnection>;
}

/**
 * A Contender that spawns `spec.server` as a child, connects a main client, and on `stop()`
 * closes every connection it opened and kills the child, even if closing fails.
 */
export function childContender(spec: ChildContenderSpec): Contender {
  let child: ChildServer | undefined;
  let main: EchoConnection | undefined;
  const open = new Set<EchoConnection>();

  const connectOne = async (): Promise<EchoConnection> => {
    if (child === undefined) throw new Error(`${spec.name}: connect before start()`);
    const inner = await spec.connect(child.port, child.firstLine);
    const tracked: EchoConnection = {
      call: (payload) => inner.call(payload),
      echoed: (response) => inner.echoed(response),
      close: async () => {
        open.delete(tracked);
        await inner.close();
      },
    };
    open.add(tracked);
    return tracked;
  };

  const notStarted = (): Promise<unknown> => Promise.reject(new Error(`${spec.name}: call before start() or after stop()`));
  const contender: Contender = {
    name: spec.name,
    description: spec.description,
    async start(): Promise<ContenderHandles> {
      if (child !== undefined) throw new Error(`${spec.name}: already started`);
      child = await spawnServer(spec.server, spec.args === undefined ? {} : { args: spec.args });
      try {
        main = await connectOne();
      } catch (error) {
        await child.kill();
        child = undefined;
        throw error;
      }
      // Point `call` straight at the main connection so the hot path adds no lookup per call.
      contender.call = main.call;
      contender.echoed = main.echoed;
      return { pid: child.pid, port: child.port };
    },
    call: notStarted,
    // Only ever given what `call` resolved with, so only once started.
    echoed: payloadItself,
    async connectMany(n: number): Promise<EchoConnection[]> {
      return Promise.all(Array.from({ length: n }, connectOne));
    },
    async stop(): Promise<void> {
      const server = child;
      child = undefined;
      main = undefined;
      contender.call = notStarted;
      try {
        await Promise.allSettled([...open].map((connection) => connection.close()));
      } finally {
        open.clear();
        await server?.kill();
      }
    },
  };
  return contender;
}
