/**
 * scheduling/worker_dispatch — the Deno analogue of the cross-thread
 * placement penalty in `shared/seeds/001_…`: there, tokio put a task on
 * another worker thread most of the time and each such placement cost
 * ~500 µs. Here the choice is explicit: run the work on the main thread, or
 * post it to a Worker and wait for the reply. Each request checksums its
 * payload and then runs a fixed number of mixing rounds (a seeded share of
 * requests run `heavyFactor` times as many), so that a pool has work to
 * spread and placement has something to get wrong.
 *
 * Cases, each a closed loop keeping `inFlight` requests outstanding:
 *
 * - same-thread — the work inline, behind an `await` (one microtask), so it
 *   is a request/response too;
 * - one-worker — posted to one Worker, payload cloned;
 * - one-worker-transfer — the same, payload transferred. A transferred
 *   buffer is gone from the sender, so each request allocates its payload
 *   afresh; the cloning cases refill one buffer per in-flight slot. That
 *   allocation is part of what transfer costs, so it is inside the timing;
 * - pool-round-robin, pool-least-busy — `poolSize` Workers (cloned
 *   payloads), each request placed on the next worker in turn or on the one
 *   with the fewest requests outstanding.
 *
 * Each fork starts its workers once, before the first repetition
 * (`startup`: construction → every worker's first reply, one sample per
 * fork), warms them and the main thread with a few unmeasured requests, and
 * terminates them after the last. Look at the modality line of `latency`,
 * and at `queuedAhead` for what the placement did.
 *
 * What the main thread pays for keeping the work shows in `loopLag`: a
 * probe ticking every 5 ms on the main thread's event loop while the
 * requests run, its worst lateness per repetition. Inline work reaches the
 * loop only through microtasks, so the same-thread case holds the loop for
 * its whole repetition (a timer or a socket read waits that long); a case
 * that posts to workers leaves the loop free between replies.
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertNumberInRange,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentCase,
  type ExperimentContext,
  integerAxis,
  type MetricSpec,
  type SuiteFactory,
} from "../../mod.ts";
import { createRandom, quantiles } from "../../lib/stats/mod.ts";
import { checksumWork } from "../../fixtures/workloads/dispatch_work.ts";
import {
  type Placement,
  type PoolReply,
  startWorkerPool,
} from "../../fixtures/workloads/worker_pool.ts";

/** The cases of {@link workerDispatch}. */
export type DispatchCase =
  | "same-thread"
  | "one-worker"
  | "one-worker-transfer"
  | "pool-round-robin"
  | "pool-least-busy";

const ALL_CASES: readonly DispatchCase[] = [
  "same-thread",
  "one-worker",
  "one-worker-transfer",
  "pool-round-robin",
  "pool-least-busy",
];

/** Options of {@link workerDispatch}. */
export interface WorkerDispatchOptions {
  /** Payload sizes, bytes (an axis of every case). @default [64, 65536] */
  payloadBytes?: number[];
  /** Pool sizes (an axis of the pool cases, swept). @default [2, 4] */
  poolSize?: number[];
  /** Requests kept outstanding. @default 8 */
  inFlight?: number;
  /** Measured requests per repetition. @default 400 */
  requests?: number;
  /** Mixing rounds of a light request (~2 ns each here). @default 10000 */
  workIterations?: number;
  /** Share of requests that are heavy, in [0, 1]. @default 0.1 */
  heavyShare?: number;
  /** A heavy request's rounds, as a multiple of a light one's. @default 10 */
  heavyFactor?: number;
  /** Which cases to run. @default every case */
  cases?: DispatchCase[];
}

/** Unmeasured requests per worker after startup, so that JIT warm-up is not measured. */
const WARMUP_REQUESTS_PER_WORKER = 16;
/** Every in-flight slot holds a payload: 8 × 16 MiB is already a lot of memory. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
/** Most payload bytes held at once across the in-flight slots. */
const MAX_IN_FLIGHT_BYTES = 256 * 1024 * 1024;
/** Far beyond the cores of any machine this runs on; each worker is an isolate. */
const MAX_POOL_SIZE = 64;
/** Seeds the light/heavy sequence: the same in every case and repetition. */
const WORK_SEED = 0x5eed;
/**
 * The loop-lag probe's period, ms: a tick costs microseconds, so it barely
 * competes with the replies, and it is finer than a heavy request's work.
 */
const LAG_PROBE_MS = 5;
/** Payload fill values cycle through this many bytes (see `expectedChecksums`). */
const FILL_VALUES = 16;

interface Settings {
  inFlight: number;
  requests: number;
  lightIterations: number;
  heavyIterations: number;
  heavyShare: number;
}

/**
 * The suite: same-thread, one worker (clone and transfer) and pools
 * (round-robin and least-busy) over payload size, recording latency per
 * request, its p99 and the throughput per repetition, and for workers the
 * startup time, and the worst event-loop lag of the main thread while the
 * requests run; pools also record how many requests were queued ahead on
 * the chosen worker. Compares one-worker with same-thread (latency,
 * throughput), transfer with clone (latency), least-busy with round-robin
 * (latency, p99, throughput); sweeps the pool size.
 *
 * @param options payload sizes, pool sizes, concurrency, work per request
 * @returns the suite
 *
 * @example
 * ```ts
 * import { workerDispatch } from "@looplab/looplab/suites/scheduling";
 * import { assertEquals } from "@std/assert";
 * const suite = workerDispatch({ payloadBytes: [1024], poolSize: [2, 4, 8] });
 * assertEquals(suite.params, { payloadBytes: [1024] });
 * assertEquals(suite.cases.map((c) => c.name), [
 *   "same-thread",
 *   "one-worker",
 *   "one-worker-transfer",
 *   "pool-round-robin",
 *   "pool-least-busy",
 * ]);
 * assertEquals(suite.cases[3].params, { poolSize: [2, 4, 8] });
 * ```
 */
export const workerDispatch: SuiteFactory<WorkerDispatchOptions> =
  defineSuiteFactory(
    "workerDispatch",
    (options: WorkerDispatchOptions = {}) => {
      const payloadBytes = integerAxis(
        options.payloadBytes,
        "payloadBytes",
        1,
        MAX_PAYLOAD_BYTES,
        [64, 65536],
      );
      const poolSize = integerAxis(
        options.poolSize,
        "poolSize",
        1,
        MAX_POOL_SIZE,
        [2, 4],
      );
      const inFlight = options.inFlight ?? 8;
      const requests = options.requests ?? 400;
      const workIterations = options.workIterations ?? 10_000;
      const heavyShare = options.heavyShare ?? 0.1;
      const heavyFactor = options.heavyFactor ?? 10;
      const cases = chosenList(options.cases, "cases", ALL_CASES);
      assertIntegerInRange(inFlight, "inFlight", 1, 1024);
      // A repetition must end well inside a fork's time, and its buffers
      // (one per slot) fit in memory.
      assertIntegerInRange(requests, "requests", 1, 1_000_000);
      assertIntegerInRange(workIterations, "workIterations", 0, 10_000_000);
      assertIntegerInRange(heavyFactor, "heavyFactor", 1, 1000);
      const largest = Math.max(...payloadBytes) * inFlight;
      if (largest > MAX_IN_FLIGHT_BYTES) {
        throw new RangeError(
          `inFlight × payloadBytes must be at most ${MAX_IN_FLIGHT_BYTES} ` +
            `bytes (256 MiB), got ${inFlight} × ${
              Math.max(...payloadBytes)
            } = ${largest}`,
        );
      }
      assertNumberInRange(heavyShare, "heavyShare", 0, 1);
      const settings: Settings = {
        inFlight,
        requests,
        lightIterations: workIterations,
        heavyIterations: workIterations * heavyFactor,
        heavyShare,
      };
      const comparisons = [
        ["same-thread", "one-worker", "latency"],
        ["same-thread", "one-worker", "throughput"],
        ["one-worker", "one-worker-transfer", "latency"],
        ["pool-round-robin", "pool-least-busy", "latency"],
        ["pool-round-robin", "pool-least-busy", "latencyP99"],
        ["pool-round-robin", "pool-least-busy", "throughput"],
      ].filter(([base, candidate]) =>
        cases.includes(base as DispatchCase) &&
        cases.includes(candidate as DispatchCase)
      ).map(([base, candidate, metric]) => ({ base, candidate, metric }));
      const pooled = cases.some((c) => c.startsWith("pool-"));
      return {
        name: "scheduling/worker_dispatch",
        description:
          `${inFlight} requests in flight; checksum of the payload + ${workIterations} rounds ` +
          `(${+(heavyShare * 100).toFixed(1)}% of requests ×${heavyFactor})`,
        params: { payloadBytes },
        cases: cases.map((name) => dispatchCase(name, poolSize, settings)),
        comparisons,
        sweeps: pooled
          ? ["throughput", "latency", "startup"].map((metric) => ({
            param: "poolSize",
            metric,
          }))
          : [],
      };
    },
  );

const LATENCY: MetricSpec = {
  unit: "µs",
  direction: "smaller",
  description: "payload prepared and sent → reply received",
};
const LATENCY_P99: MetricSpec = {
  unit: "µs",
  direction: "smaller",
  description: "p99 of the latency, per repetition",
};
const THROUGHPUT: MetricSpec = {
  unit: "ops/s",
  direction: "bigger",
  description: "requests answered per second, per repetition",
};
const STARTUP: MetricSpec = {
  unit: "ms",
  direction: "smaller",
  description: "workers constructed → every worker's first reply, per fork",
};
const LOOP_LAG: MetricSpec = {
  unit: "ms",
  direction: "smaller",
  description:
    `worst lateness of a ${LAG_PROBE_MS} ms event-loop probe on the main thread, per repetition`,
};
const QUEUED_AHEAD: MetricSpec = {
  unit: "count",
  direction: "smaller",
  description: "requests outstanding on the chosen worker when one is sent",
};

/** What each case dispatches to, and how. */
const SHAPES: Record<
  DispatchCase,
  {
    workers: "none" | "one" | "pool";
    placement: Placement;
    transfer: boolean;
    description: string;
  }
> = {
  "same-thread": {
    workers: "none",
    placement: "round-robin",
    transfer: false,
    description: "the work inline, behind one await",
  },
  "one-worker": {
    workers: "one",
    placement: "round-robin",
    transfer: false,
    description: "one Worker; payload cloned",
  },
  "one-worker-transfer": {
    workers: "one",
    placement: "round-robin",
    transfer: true,
    description: "one Worker; each payload allocated afresh and transferred",
  },
  "pool-round-robin": {
    workers: "pool",
    placement: "round-robin",
    transfer: false,
    description: "poolSize Workers; each request to the next in turn",
  },
  "pool-least-busy": {
    workers: "pool",
    placement: "least-busy",
    transfer: false,
    description:
      "poolSize Workers; each request to the one with fewest outstanding",
  },
};

/** Answers requests: inline, or through a worker pool. */
interface Dispatcher {
  /** The reply's checksum, and how many requests were queued ahead of it. */
  serve(
    payload: Uint8Array<ArrayBuffer>,
    iterations: number,
    transfer: boolean,
  ): Promise<PoolReply>;
  /** Releases the workers, rejecting what is pending. */
  close(reason?: unknown): void;
}

const inline: Dispatcher = {
  async serve(payload, iterations) {
    await Promise.resolve();
    return { checksum: checksumWork(payload, iterations), queuedAhead: 0 };
  },
  close() {},
};

function dispatchCase(
  name: DispatchCase,
  poolSize: number[],
  settings: Settings,
): ExperimentCase {
  const shape = SHAPES[name];
  const metrics: Record<string, MetricSpec> = {
    latency: LATENCY,
    latencyP99: LATENCY_P99,
    throughput: THROUGHPUT,
    loopLag: LOOP_LAG,
  };
  if (shape.workers !== "none") metrics.startup = STARTUP;
  if (shape.workers === "pool") metrics.queuedAhead = QUEUED_AHEAD;
  // One dispatcher per fork, made in setup: its startup is recorded by the
  // first repetition, and later repetitions find the workers warm.
  let dispatcher: Dispatcher = inline;
  let unrecordedStartupMs: number | null = null;
  return experiment(
    name,
    metrics,
    async (ctx) => {
      if (unrecordedStartupMs !== null) {
        ctx.record("startup", unrecordedStartupMs);
        unrecordedStartupMs = null;
      }
      await measure(ctx, dispatcher, settings, shape.transfer);
    },
    {
      description: shape.description,
      params: shape.workers === "pool" ? { poolSize } : undefined,
      repetitions: { min: 2 },
      setup: async (params) => {
        const size = shape.workers === "pool" ? Number(params.poolSize) : 1;
        if (shape.workers !== "none") {
          const pool = await startWorkerPool({
            size,
            placement: shape.placement,
          });
          dispatcher = { serve: pool.request, close: pool.close };
          unrecordedStartupMs = pool.startupMs;
        }
        try {
          await closedLoop(
            dispatcher,
            settings,
            shape.transfer,
            Number(params.payloadBytes),
            WARMUP_REQUESTS_PER_WORKER * size,
          );
        } catch (error) {
          dispatcher.close(error);
          throw error;
        }
      },
      teardown: () => {
        dispatcher.close();
        dispatcher = inline;
      },
    },
  );
}

/**
 * One repetition: `requests` requests kept `inFlight` deep, with latency per
 * request, then the repetition's p99 and throughput. An abort closes the
 * dispatcher, so that no request is left waiting for a reply.
 */
async function measure(
  ctx: ExperimentContext,
  dispatcher: Dispatcher,
  settings: Settings,
  transfer: boolean,
): Promise<void> {
  const onAbort = () => dispatcher.close(ctx.signal.reason);
  ctx.signal.addEventListener("abort", onAbort);
  const tracksQueue = ctx.params.poolSize !== undefined;
  const latenciesUs: number[] = [];
  const started = performance.now();
  const lagProbe = ctx.startLagProbe(LAG_PROBE_MS);
  let lagMs: number[];
  try {
    await closedLoop(
      dispatcher,
      settings,
      transfer,
      Number(ctx.params.payloadBytes),
      settings.requests,
      (issuedAt, reply) => {
        latenciesUs.push(ctx.recordSince("latency", issuedAt));
        if (tracksQueue) ctx.record("queuedAhead", reply.queuedAhead);
      },
      ctx.signal,
    );
  } finally {
    lagMs = lagProbe.stop();
    ctx.signal.removeEventListener("abort", onAbort);
  }
  const elapsedMs = performance.now() - started;
  if (ctx.signal.aborted) return;
  // No tick came due in a short repetition: the loop was never seen late.
  ctx.record("loopLag", Math.max(0, ...lagMs));
  ctx.record("throughput", latenciesUs.length / (elapsedMs / 1000));
  ctx.record("latencyP99", quantiles(latenciesUs, [0.99])[0]);
}

/**
 * Issues `count` requests from `inFlight` slots, each slot sending its next
 * request when the previous one is answered, and checks every checksum.
 * The light/heavy sequence restarts from the same seed on every call.
 */
async function closedLoop(
  dispatcher: Dispatcher,
  settings: Settings,
  transfer: boolean,
  payloadBytes: number,
  count: number,
  onReply: (issuedAtMs: number, reply: PoolReply) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  const expected = expectedChecksums(payloadBytes, settings);
  const random = createRandom(WORK_SEED);
  let issued = 0;
  let failure: unknown = null;
  const slot = async (): Promise<void> => {
    // A cloned payload is copied when it is sent, but an inline request
    // reads it later, so each slot owns its buffer.
    const owned = new Uint8Array(payloadBytes);
    while (issued < count && failure === null && !signal?.aborted) {
      const i = issued++;
      const iterations = random.next() < settings.heavyShare
        ? settings.heavyIterations
        : settings.lightIterations;
      const fill = i % FILL_VALUES;
      const issuedAt = performance.now();
      const payload = (transfer ? new Uint8Array(payloadBytes) : owned).fill(
        fill,
      );
      const reply = await dispatcher.serve(payload, iterations, transfer);
      onReply(issuedAt, reply);
      const want = expected.get(`${fill}:${iterations}`);
      if (reply.checksum !== want) {
        throw new Error(
          `request ${i} (${payloadBytes} bytes of ${fill}, ${iterations} rounds): ` +
            `checksum ${reply.checksum}, expected ${want}`,
        );
      }
    }
  };
  // The first failure stops every slot; the others drain before it is thrown.
  await Promise.all(
    Array.from({ length: settings.inFlight }, () =>
      slot().catch((error) => {
        failure ??= error;
      })),
  );
  if (failure !== null) throw failure;
}

const checksumCache = new Map<string, Map<string, number>>();

/** Every checksum a request can have, computed once per fork in setup. */
function expectedChecksums(
  payloadBytes: number,
  settings: Settings,
): Map<string, number> {
  const key =
    `${payloadBytes}:${settings.lightIterations}:${settings.heavyIterations}`;
  let table = checksumCache.get(key);
  if (table === undefined) {
    table = new Map();
    const payload = new Uint8Array(payloadBytes);
    for (let fill = 0; fill < FILL_VALUES; fill++) {
      payload.fill(fill);
      for (
        const iterations of [settings.lightIterations, settings.heavyIterations]
      ) {
        table.set(`${fill}:${iterations}`, checksumWork(payload, iterations));
      }
    }
    checksumCache.set(key, table);
  }
  return table;
}
