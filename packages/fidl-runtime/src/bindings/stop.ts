// StopServer / StopEventHandler: thrown by a handler to end serve() normally.

/**
 * Throw from a server handler to end `serve()` normally: the channel is closed and `serve()`
 * resolves. A two-way handler that throws it sends no reply (the caller sees PEER_CLOSED).
 */
export class StopServer extends Error {
  override name = "StopServer";

  constructor(message = "server stopped by its handler") {
    super(message);
  }
}

/**
 * Throw from an event handler to end its `serve()` normally. The client stays open; later events
 * queue up again until another handler serves.
 */
export class StopEventHandler extends Error {
  override name = "StopEventHandler";

  constructor(message = "event handler stopped by its handler") {
    super(message);
  }
}
