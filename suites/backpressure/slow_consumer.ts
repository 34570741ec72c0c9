/**
 * backpressure/slow_consumer — one producer, one consumer that is slow in
 * bursts (a stall of `stallMs` every `stallEvery` items), through a bounded
 * queue under each overflow policy a user chooses between: block the
 * producer, drop the newest, drop the oldest, or grow without bound.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import {
  assertIntegerInRange,
  assertNumberInRange,
  chosenList,
  defineSuiteFactory,
  experiment,
  type SuiteFactory,
} from "../../mod.ts";
import {
  BoundedQueue,
  OVERFLOW_POLICIES,
  type OverflowPolicy,
} from "../../fixtures/workloads/bounded_queue.ts";

/** Options of {@link slowConsumer}. */
export interface SlowConsumerOptions {
  /** Policies to compare. @default all four */
  policies?: OverflowPolicy[];
  /** Queue capacity. @default 64 */
  capacity?: number;
  /** Items per repetition. @default 2000 */
  items?: number;
  /** The consumer stalls after every this many items. @default 250 */
  stallEvery?: number;
  /** Length of each stall, ms. @default 5 */
  stallMs?: number;
  /** The producer pauses (one macrotask) after every this many items. @default 64 */
  produceBurst?: number;
}

/**
 * The suite: one experiment per policy (named after it) recording producer
 * latency per push, end-to-end latency per item, items lost, peak queue
 * length and the bytes the peak queue held; each policy is compared with
 * "block" on items lost and end-to-end latency.
 *
 * @param options policies, capacity, items, stall pattern
 * @returns the suite
 *
 * @example
 * ```ts
 * import { slowConsumer } from "@looplab/looplab/suites/backpressure";
 * import { assertEquals } from "@std/assert";
 * const suite = slowConsumer({ policies: ["block", "drop-oldest"] });
 * assertEquals(suite.cases.map((c) => c.name), ["block", "drop-oldest"]);
 * assertEquals(suite.comparisons, [
 *   { base: "block", candidate: "drop-oldest", metric: "lost" },
 *   { base: "block", candidate: "drop-oldest", metric: "endToEnd" },
 * ]);
 * ```
 */
export const slowConsumer: SuiteFactory<SlowConsumerOptions> =
  defineSuiteFactory(
    "slowConsumer",
    (options: SlowConsumerOptions = {}) => {
      const policies = chosenList(
        options.policies,
        "policies",
        OVERFLOW_POLICIES,
        { item: "policy" },
      );
      const capacity = options.capacity ?? 64;
      const items = options.items ?? 2000;
      const stallEvery = options.stallEvery ?? 250;
      const stallMs = options.stallMs ?? 5;
      const produceBurst = options.produceBurst ?? 64;
      for (
        const [name, v] of [
          ["capacity", capacity],
          ["items", items],
          ["stallEvery", stallEvery],
          ["produceBurst", produceBurst],
        ] as const
      ) {
        assertIntegerInRange(v, name, 1);
      }
      assertNumberInRange(stallMs, "stallMs", 0);
      const ITEM_BYTES = 64;
      return {
        name: "backpressure/slow_consumer",
        description:
          `queue of ${capacity}; consumer stalls ${stallMs} ms every ${stallEvery} items`,
        // One case per policy: each is compared with "block".
        cases: policies.map((policy) =>
          experiment(
            policy,
            {
              producerLatency: {
                unit: "µs",
                direction: "smaller",
                description: "time per push, blocking included",
              },
              endToEnd: {
                unit: "ms",
                direction: "smaller",
                description: "enqueue → dequeue per item",
              },
              lost: {
                unit: "count",
                direction: "smaller",
                description: "items dropped per repetition",
              },
              peakQueue: {
                unit: "count",
                direction: "smaller",
                description: "most items queued at once",
              },
              peakBytes: {
                unit: "bytes",
                direction: "smaller",
                description: "payload held by the peak queue",
              },
            },
            async (ctx) => {
              const queue = new BoundedQueue<
                { enqueuedMs: number; payload: Uint8Array }
              >(
                capacity,
                policy,
              );
              const consumer = (async () => {
                let taken = 0;
                for (
                  let item = await queue.pop();
                  item !== undefined;
                  item = await queue.pop()
                ) {
                  ctx.recordSince("endToEnd", item.enqueuedMs);
                  if (++taken % stallEvery === 0) {
                    await delay(stallMs);
                  }
                }
              })();
              for (let i = 0; i < items && !ctx.signal.aborted; i++) {
                const start = performance.now();
                await queue.push({
                  enqueuedMs: start,
                  payload: new Uint8Array(ITEM_BYTES),
                });
                ctx.recordSince("producerLatency", start);
                // The producer yields to the event loop now and then, as a
                // real one (reading a socket) would.
                if ((i + 1) % produceBurst === 0) {
                  await delay(0);
                }
              }
              queue.close();
              await consumer;
              ctx.record("lost", queue.dropped);
              ctx.record("peakQueue", queue.peak);
              ctx.record("peakBytes", queue.peak * ITEM_BYTES);
            },
            { repetitions: { min: 1 } },
          )
        ),
        comparisons: policies
          .filter((p) => p !== "block" && policies.includes("block"))
          .flatMap((p) => [
            { base: "block", candidate: p, metric: "lost" },
            { base: "block", candidate: p, metric: "endToEnd" },
          ]),
      };
    },
  );
