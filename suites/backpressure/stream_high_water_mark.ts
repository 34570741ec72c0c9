/**
 * backpressure/stream_high_water_mark — Web Streams with a slow consumer. A
 * pull source with `CountQueuingStrategy({ highWaterMark })` is asked for at
 * most that many chunks ahead of the reader; a push source that enqueues
 * everything in `start()` and ignores `desiredSize` is the broken contrast.
 * Swept over the high-water mark.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import {
  assertIntegerInRange,
  assertIntegerList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type SuiteFactory,
} from "../../mod.ts";

/** Options of {@link streamHighWaterMark}. */
export interface StreamHighWaterMarkOptions {
  /** High-water marks to sweep. @default [1, 4, 16, 64, 256, 1024] */
  highWaterMarks?: number[];
  /** Chunks per repetition. @default 2000 */
  chunks?: number;
  /** The reader waits one timer turn after every this many chunks. @default 100 */
  readerPauseEvery?: number;
  /** Bytes per chunk. @default 256 */
  chunkBytes?: number;
}

/**
 * The suite: cases `pull` (respects the high-water mark) and `push-ignoring`
 * (enqueues all in start), recording throughput, chunks in flight (max and
 * mean at each read), producer stall time and bytes held at the peak;
 * swept over the high-water mark.
 *
 * @param options marks, chunk count and size, reader pauses
 * @returns the suite
 *
 * @example
 * ```ts
 * import { streamHighWaterMark } from "@looplab/looplab/suites/backpressure";
 * import { assertEquals } from "@std/assert";
 * const suite = streamHighWaterMark({ highWaterMarks: [1, 64] });
 * assertEquals(suite.params, { highWaterMark: [1, 64] });
 * assertEquals(suite.cases.map((c) => c.name), ["pull", "push-ignoring"]);
 * ```
 */
export const streamHighWaterMark: SuiteFactory<StreamHighWaterMarkOptions> =
  defineSuiteFactory(
    "streamHighWaterMark",
    (options: StreamHighWaterMarkOptions = {}) => {
      const marks = options.highWaterMarks ?? [1, 4, 16, 64, 256, 1024];
      const chunks = options.chunks ?? 2000;
      const pauseEvery = options.readerPauseEvery ?? 100;
      const chunkBytes = options.chunkBytes ?? 256;
      assertIntegerList(marks, "highWaterMarks", 1);
      assertIntegerInRange(chunks, "chunks", 1);
      assertIntegerInRange(pauseEvery, "readerPauseEvery", 1);
      assertIntegerInRange(chunkBytes, "chunkBytes", 1);
      const metrics = {
        throughput: { unit: "chunks/s", direction: "bigger" as const },
        maxInFlight: {
          unit: "count",
          direction: "smaller" as const,
          description: "most chunks produced but not yet read",
        },
        meanInFlight: {
          unit: "count",
          direction: "smaller" as const,
          description: "chunks in flight at each read, mean",
        },
        producerStall: {
          unit: "ms",
          direction: "smaller" as const,
          description: "time the producer waited to be asked for more",
        },
        peakBytes: {
          unit: "bytes",
          direction: "smaller" as const,
          description: "chunk bytes held at the peak",
        },
      };
      /** Reads a stream, pausing every `pauseEvery` chunks; records in flight. */
      const consume = async (
        stream: ReadableStream<Uint8Array>,
        produced: () => number,
      ): Promise<{ maxInFlight: number; meanInFlight: number }> => {
        const reader = stream.getReader();
        let read = 0;
        let max = 0;
        let sum = 0;
        while (true) {
          const { done } = await reader.read();
          if (done) break;
          read++;
          const inFlight = produced() - read;
          max = Math.max(max, inFlight);
          sum += inFlight;
          if (read % pauseEvery === 0) {
            await delay(0);
          }
        }
        return { maxInFlight: max, meanInFlight: sum / Math.max(read, 1) };
      };
      /** Reads the stream and records every metric of one repetition. */
      const measureRead = async (
        ctx: ExperimentContext,
        stream: ReadableStream<Uint8Array>,
        produced: () => number,
        stallMs: () => number,
      ): Promise<void> => {
        const start = performance.now();
        const r = await consume(stream, produced);
        const seconds = (performance.now() - start) / 1000;
        ctx.record("throughput", chunks / seconds);
        ctx.record("maxInFlight", r.maxInFlight);
        ctx.record("meanInFlight", r.meanInFlight);
        ctx.record("producerStall", stallMs());
        ctx.record("peakBytes", r.maxInFlight * chunkBytes);
      };
      return {
        name: "backpressure/stream_high_water_mark",
        description:
          `${chunks} chunks of ${chunkBytes} B; the reader pauses every ${pauseEvery}`,
        params: { highWaterMark: marks },
        cases: [
          experiment("pull", metrics, async (ctx) => {
            const hwm = Number(ctx.params.highWaterMark);
            let produced = 0;
            let stallMs = 0;
            let askedAt = -1;
            let lastDone = performance.now();
            const stream = new ReadableStream<Uint8Array>({
              pull(controller) {
                askedAt = performance.now();
                stallMs += askedAt - lastDone;
                if (produced === chunks) {
                  controller.close();
                  return;
                }
                controller.enqueue(new Uint8Array(chunkBytes));
                produced++;
                lastDone = performance.now();
              },
            }, new CountQueuingStrategy({ highWaterMark: hwm }));
            await measureRead(ctx, stream, () => produced, () => stallMs);
          }),
          experiment("push-ignoring", metrics, async (ctx) => {
            const hwm = Number(ctx.params.highWaterMark);
            let produced = 0;
            const stream = new ReadableStream<Uint8Array>({
              start(controller) {
                // The broken producer: desiredSize goes negative, it goes on.
                for (let i = 0; i < chunks; i++) {
                  controller.enqueue(new Uint8Array(chunkBytes));
                  produced++;
                }
                controller.close();
              },
            }, new CountQueuingStrategy({ highWaterMark: hwm }));
            // It never waits to be asked: no stall to count.
            await measureRead(ctx, stream, () => produced, () => 0);
          }),
        ],
        comparisons: [{
          base: "pull",
          candidate: "push-ignoring",
          metric: "maxInFlight",
        }],
        sweeps: [
          { param: "highWaterMark", case: "pull", metric: "throughput" },
          {
            param: "highWaterMark",
            case: "pull",
            metric: "maxInFlight",
          },
        ],
      };
    },
  );
