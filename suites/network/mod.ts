/**
 * Loopback networking suites. Every connection stays on 127.0.0.1, every
 * loop is bounded in count and time, and every server and socket a case
 * opens is closed before it ends.
 *
 * @module
 */

export * from "./heartbeat_slow_receiver.ts";
export * from "./server_cycling.ts";
export * from "./sse_stream.ts";
