/**
 * backpressure/broadcast_capacity — from `shared/seeds/001_…` ("502-event
 * per-event cost inflection (broadcast channel capacity)"): a fan-out
 * channel with a ring buffer of capacity C and R receivers, one of which
 * lags (it only drains at the end). Sweeping the number of events N across
 * C, the lagging receiver stops paying for events it lost once N > C, so the
 * total cost bends at C; the sweep's knee finder says where it found the
 * bend.
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertIntegerList,
  defineSuiteFactory,
  experiment,
  type SuiteFactory,
} from "../../mod.ts";
import { BroadcastChannel } from "../../fixtures/workloads/broadcast.ts";

/** Options of {@link broadcastCapacity}. */
export interface BroadcastCapacityOptions {
  /** Ring capacity C. @default 502 */
  capacity?: number;
  /** Receivers R, one of them lagging. @default 4 */
  receivers?: number;
  /** Event counts N to sweep. @default 64 … 2048 around C */
  events?: number[];
  /** Channel runs per repetition (the timed unit). @default 200 */
  runsPerSample?: number;
}

/**
 * The suite: one experiment over N with metrics `run` (ns per channel run),
 * `perEvent` (ns per event), `lagged` (events the lagging receiver lost) and
 * `heldBytes` (heap held by a filled channel), swept over N.
 *
 * @param options capacity, receivers, event counts
 * @returns the suite
 *
 * @example
 * ```ts
 * import { broadcastCapacity } from "@looplab/looplab/suites/backpressure";
 * import { assertEquals } from "@std/assert";
 * const suite = broadcastCapacity({ capacity: 128, events: [64, 128, 256] });
 * assertEquals(suite.params, { events: [64, 128, 256] });
 * assertEquals(suite.sweeps, [{ param: "events", metric: "run" }]);
 * ```
 */
export const broadcastCapacity: SuiteFactory<BroadcastCapacityOptions> =
  defineSuiteFactory(
    "broadcastCapacity",
    (options: BroadcastCapacityOptions = {}) => {
      const capacity = options.capacity ?? 502;
      const receivers = options.receivers ?? 4;
      const runsPerSample = options.runsPerSample ?? 200;
      const events = options.events ??
        [64, 128, 256, 384, 448, 502, 560, 640, 768, 1024, 1536, 2048];
      assertIntegerInRange(capacity, "capacity", 1);
      assertIntegerInRange(receivers, "receivers", 1);
      assertIntegerInRange(runsPerSample, "runsPerSample", 1);
      assertIntegerList(events, "events", 1);
      const heldMeasured = new Set<number>();
      const oneRun = (n: number): number => {
        const channel = new BroadcastChannel<{ seq: number }>(capacity);
        const eager = Array.from(
          { length: receivers - 1 },
          () => channel.subscribe(),
        );
        const lagging = channel.subscribe();
        let seen = 0;
        for (let seq = 0; seq < n; seq++) {
          channel.send({ seq });
          for (const r of eager) if (r.receive().kind === "value") seen++;
        }
        for (
          let r = lagging.receive();
          r.kind !== "empty";
          r = lagging.receive()
        ) {
          if (r.kind === "value") seen++;
        }
        if (seen < 0) throw new Error("unreachable: keeps `seen` alive");
        return lagging.lagged;
      };
      return {
        name: "backpressure/broadcast_capacity",
        description:
          `ring capacity ${capacity}, ${receivers} receivers, one lagging`,
        params: { events },
        cases: [
          experiment(
            "fan-out",
            {
              run: {
                unit: "ns",
                direction: "smaller",
                description: "one channel run",
              },
              perEvent: {
                unit: "ns",
                direction: "smaller",
                description: "per event",
              },
              lagged: {
                unit: "count",
                direction: "smaller",
                description: "events the lagging receiver lost",
              },
              heldBytes: {
                unit: "bytes",
                direction: "smaller",
                description: "heap held by a filled channel",
              },
            },
            (ctx) => {
              const n = Number(ctx.params.events);
              let lagged = 0;
              const t0 = performance.now();
              for (let i = 0; i < runsPerSample; i++) lagged = oneRun(n);
              const ns = ((performance.now() - t0) * 1e6) / runsPerSample;
              ctx.record("run", ns);
              ctx.record("perEvent", ns / n);
              ctx.record("lagged", lagged);
              const gc = (globalThis as { gc?: () => void }).gc;
              // The heap figure is taken once per fork and N: a collection
              // per repetition would cost more than the runs it measures.
              if (gc && !heldMeasured.has(n)) {
                heldMeasured.add(n);
                gc();
                const before = Deno.memoryUsage().heapUsed;
                const channel = new BroadcastChannel<{ seq: number }>(capacity);
                for (let seq = 0; seq < n; seq++) channel.send({ seq });
                ctx.record(
                  "heldBytes",
                  Math.max(0, Deno.memoryUsage().heapUsed - before),
                );
                if (channel.sent !== n) throw new Error("channel lost a send");
              }
            },
            { repetitions: { min: 5 } },
          ),
        ],
        sweeps: [{ param: "events", metric: "run" }],
      };
    },
  );
