/**
 * backpressure/remote_throughput — from `shared/seeds/003_…`: a replica
 * sends messages to a remote peer through a messenger fed by a buffered
 * channel; replies come back on the same stream. Over a real loopback TCP
 * connection (length-prefixed frames; the peer echoes a reply per message):
 *
 * - sync — the messenger sends, then waits for the reply before the next;
 * - async — a separate listener receives replies and dispatches them, so
 *   sends never wait for replies;
 * - iorder — async, but the caller sends one message at a time, proving
 *   replies still come back in order.
 *
 * M messages (each from its own task, except in iorder) over a sweep of the
 * channel's buffer size: the story's chart, throughput against buffer size
 * with one line per mode.
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertIntegerList,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type SuiteFactory,
} from "../../mod.ts";
import { Channel } from "../../fixtures/workloads/channel.ts";
import {
  encodeFrame,
  FrameReader,
  startEchoPeer,
  writeAll,
} from "../../fixtures/workloads/framed_peer.ts";

/** The messenger's modes. */
export type MessengerMode = "sync" | "async" | "iorder";

/** Options of {@link remoteThroughput}. */
export interface RemoteThroughputOptions {
  /** Modes to compare. @default ["sync", "async", "iorder"] */
  modes?: MessengerMode[];
  /** Channel buffer sizes. @default [0, 1, 16, 256, 1024] */
  buffers?: number[];
  /** Messages per repetition. @default 5000 */
  messages?: number;
  /** Payload bytes per message. @default 64 */
  payloadBytes?: number;
}

const MODES: readonly MessengerMode[] = ["sync", "async", "iorder"];

const MODE_DESCRIPTIONS: Record<MessengerMode, string> = {
  sync: "the messenger waits for each reply before the next send",
  async: "a listener dispatches replies; sends never wait for them",
  iorder: "async, the caller sending one message at a time",
};

interface Message {
  seq: number;
  sentMs: number;
  done: (seq: number) => void;
}

/**
 * The suite: one experiment per mode (sync, async, iorder) over the buffer
 * size, recording throughput (messages/s), round trip per message (from the
 * task's send to its reply) and replies out of order; async compared with
 * sync and iorder with async; each mode swept over the buffer size.
 *
 * @param options modes, buffer sizes, message count and size
 * @returns the suite
 *
 * @example
 * ```ts
 * import { remoteThroughput } from "@looplab/looplab/suites/backpressure";
 * import { assertEquals } from "@std/assert";
 * const buffers = [0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
 * const suite = remoteThroughput({ buffers });
 * assertEquals(suite.params, { buffer: buffers });
 * assertEquals(suite.cases.map((c) => c.name), ["sync", "async", "iorder"]);
 * assertEquals(suite.comparisons, [
 *   { base: "sync", candidate: "async", metric: "throughput" },
 *   { base: "async", candidate: "iorder", metric: "throughput" },
 * ]);
 * ```
 */
export const remoteThroughput: SuiteFactory<RemoteThroughputOptions> =
  defineSuiteFactory(
    "remoteThroughput",
    (options: RemoteThroughputOptions = {}) => {
      const modes = chosenList(options.modes, "modes", MODES, {
        item: "mode",
      });
      const buffers = options.buffers ?? [0, 1, 16, 256, 1024];
      const messages = options.messages ?? 5000;
      const payloadBytes = options.payloadBytes ?? 64;
      assertIntegerList(buffers, "buffers", 0);
      assertIntegerInRange(messages, "messages", 1);
      // The payload carries the 4-byte sequence number.
      assertIntegerInRange(payloadBytes, "payloadBytes", 4);
      const metrics = {
        throughput: { unit: "msg/s", direction: "bigger" as const },
        roundTrip: {
          unit: "µs",
          direction: "smaller" as const,
          description: "send → reply, per message",
        },
        outOfOrder: {
          unit: "count",
          direction: "smaller" as const,
          description: "replies that arrived before an earlier one",
        },
      };
      return {
        name: "backpressure/remote_throughput",
        description:
          `${messages} messages over loopback TCP through a buffered channel`,
        params: { buffer: buffers },
        // One case per mode, so that the modes are compared and each is a
        // line of the throughput-over-buffer chart. One batch of M messages
        // per fork: the forks give the spread, and the default run stays
        // under a minute.
        cases: modes.map((mode) =>
          experiment(
            mode,
            metrics,
            (ctx) => exchange(ctx, mode, messages, payloadBytes),
            {
              description: MODE_DESCRIPTIONS[mode],
              repetitions: { min: 1, max: 1 },
            },
          )
        ),
        comparisons: [
          ...(modes.includes("sync") && modes.includes("async")
            ? [{ base: "sync", candidate: "async", metric: "throughput" }]
            : []),
          ...(modes.includes("async") && modes.includes("iorder")
            ? [{ base: "async", candidate: "iorder", metric: "throughput" }]
            : []),
        ],
        sweeps: [{ param: "buffer", metric: "throughput" }],
      };
    },
  );

/** One batch of M messages over a fresh loopback connection. */
async function exchange(
  ctx: ExperimentContext,
  mode: MessengerMode,
  messages: number,
  payloadBytes: number,
): Promise<void> {
  const peer = startEchoPeer();
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: peer.port,
  });
  const reader = new FrameReader(conn);
  const channel = new Channel<Message>(Number(ctx.params.buffer));
  const pending = new Map<number, Message>();
  let lastReply = -1;
  let outOfOrder = 0;
  const frameOf = (seq: number) => {
    const payload = new Uint8Array(payloadBytes);
    new DataView(payload.buffer).setUint32(0, seq);
    return encodeFrame(payload);
  };
  const dispatch = (reply: Uint8Array) => {
    const seq = new DataView(reply.buffer, reply.byteOffset)
      .getUint32(0);
    if (seq < lastReply) outOfOrder++;
    lastReply = Math.max(lastReply, seq);
    const m = pending.get(seq);
    pending.delete(seq);
    m?.done(seq);
  };
  // The messenger: takes messages off the channel and sends them.
  const messenger = (async () => {
    for (
      let m = await channel.receive();
      m !== undefined;
      m = await channel.receive()
    ) {
      pending.set(m.seq, m);
      await writeAll(conn, frameOf(m.seq));
      if (mode === "sync") {
        const reply = await reader.next();
        if (reply === null) {
          throw new Error("the peer closed the stream");
        }
        dispatch(reply);
      }
    }
  })();
  // The listener (async modes): receives replies and dispatches them.
  const listener = mode === "sync" ? Promise.resolve() : (async () => {
    for (let answered = 0; answered < messages; answered++) {
      const reply = await reader.next();
      if (reply === null) {
        throw new Error(
          "the peer closed the stream",
        );
      }
      dispatch(reply);
    }
  })();
  const send = (seq: number) =>
    new Promise<void>((resolve, reject) => {
      const m: Message = {
        seq,
        sentMs: performance.now(),
        done: () => {
          ctx.recordSince("roundTrip", m.sentMs);
          resolve();
        },
      };
      channel.send(m).catch(reject);
    });
  const start = performance.now();
  if (mode === "iorder") {
    for (let seq = 0; seq < messages; seq++) await send(seq);
  } else {
    await Promise.all(
      Array.from({ length: messages }, (_, seq) => send(seq)),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  channel.close();
  await messenger;
  await listener;
  conn.close();
  await peer.close();
  ctx.record("throughput", messages / seconds);
  ctx.record("outOfOrder", outOfOrder);
}
