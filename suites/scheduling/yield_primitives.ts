/**
 * scheduling/yield_primitives — the ways a task can give the loop back on
 * Deno, what each costs, and what each lets run before the task resumes.
 * The seed's fix was a `yield_now()`; in TypeScript there are seven
 * candidates, and they are not the same thing:
 *
 * - `await Promise.resolve()`, `await null`, `queueMicrotask`,
 *   `process.nextTick` — continue from the microtask queue;
 * - `setImmediate`, a `MessageChannel` hop, `setTimeout(0)` — continue from
 *   a macrotask, after the event loop has had a turn.
 *
 * Cost: one bench case per primitive, timing one awaited yield (`time`, ns).
 *
 * Lets-run: before yielding, a repetition arms three callbacks — a
 * `setTimeout(0)`, a read on a loopback TCP connection whose peer has just
 * written its byte, and a `setImmediate` — then holds the loop until the
 * timer is due and the byte has arrived. Then it yields with one primitive
 * again and again, counting the yields until each callback has run. The
 * count is capped: a callback that never ran within the cap records the
 * yields made, and `stillPending` says how many never ran. Which primitive
 * lets which callback in is read from the counts, not assumed.
 *
 * @module
 */

import {
  assertIntegerInRange,
  bench,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type Params,
  type SuiteFactory,
} from "../../mod.ts";
import {
  type LoopbackPair,
  openLoopbackPair,
} from "../../fixtures/workloads/loopback_pair.ts";

// `process` and `setImmediate` are Deno's globals, not imports of
// node:process and node:timers: importing a Node module loads its
// compatibility layer (~30 ms here) into every fork that imports this suite;
// the globals load it only when a case calls them.

/** The ways to yield. */
export type YieldPrimitive =
  | "promise-resolve"
  | "await-null"
  | "queue-microtask"
  | "next-tick"
  | "set-immediate"
  | "message-channel"
  | "set-timeout-0";

/** Options of {@link yieldPrimitives}. */
export interface YieldPrimitivesOptions {
  /**
   * Primitives whose cost is timed, one bench case each; each is compared
   * with `await-null` (or with the first listed when that is absent).
   * @default all seven
   */
  primitives?: YieldPrimitive[];
  /**
   * Primitives on the axis of the `lets-run` experiment (empty: no such
   * case).
   * @default all seven
   */
  letsRun?: YieldPrimitive[];
  /** Most yields per `lets-run` repetition. @default 10_000 */
  yieldCap?: number;
  /**
   * Most time per `lets-run` repetition spent yielding, ms: `setTimeout(0)`
   * takes about 2 ms a yield here, so its count cap alone would last 20 s.
   * @default 100
   */
  yieldTimeCapMs?: number;
  /**
   * How long the loop is held after arming and before the first yield, ms:
   * long enough that the timer is due (`setTimeout(0)` waits 1 ms on Deno
   * 2.9) and the peer's byte has arrived, so that each callback only waits
   * for a turn.
   * @default 2
   */
  holdMs?: number;
}

/** The primitives, in the order of their cases. */
const ALL_PRIMITIVES: readonly YieldPrimitive[] = [
  "promise-resolve",
  "await-null",
  "queue-microtask",
  "next-tick",
  "set-immediate",
  "message-channel",
  "set-timeout-0",
];
/** The comparisons' base: the shortest way to write a yield. */
const BASE_PRIMITIVE: YieldPrimitive = "await-null";
/** Largest count cap: a million `setImmediate` yields already last ~1 s. */
const MAX_YIELD_CAP = 1_000_000;
/** Longest time cap and hold, ms: a repetition should stay short. */
const MAX_YIELD_TIME_CAP_MS = 1_000;
const MAX_HOLD_MS = 100;
/** Untimed yields before timing, at most this many or for this long. */
const WARMUP_YIELDS = 5_000;
const WARMUP_MS = 20;
/**
 * Repetitions of `lets-run` per fork. Its counts barely vary (the same
 * value in nearly every repetition here), so 20 per fork, 100 over five
 * forks, show any spread there is; more would only lengthen the run.
 */
const LETS_RUN_REPETITIONS = { min: 3, max: 20 };

/** One primitive, ready to yield; `close` releases what it opened. */
interface Yielder {
  yieldOnce: () => Promise<void>;
  close(): void;
}

const keepsNothingOpen = (yieldOnce: () => Promise<void>): Yielder => ({
  yieldOnce,
  close: () => {},
});

const PRIMITIVES: Record<YieldPrimitive, {
  description: string;
  open: () => Yielder;
}> = {
  "promise-resolve": {
    description: "await Promise.resolve() (microtask)",
    open: () =>
      keepsNothingOpen(async () => {
        await Promise.resolve();
      }),
  },
  "await-null": {
    description: "await null (microtask)",
    open: () =>
      keepsNothingOpen(async () => {
        await null;
      }),
  },
  "queue-microtask": {
    description: "a promise resolved from queueMicrotask (microtask)",
    open: () =>
      keepsNothingOpen(() => new Promise<void>((r) => queueMicrotask(r))),
  },
  "next-tick": {
    description: "a promise resolved from process.nextTick",
    open: () =>
      keepsNothingOpen(() => new Promise<void>((r) => process.nextTick(r))),
  },
  "set-immediate": {
    description: "a promise resolved from setImmediate (macrotask)",
    open: () =>
      keepsNothingOpen(() => new Promise<void>((r) => setImmediate(r))),
  },
  "message-channel": {
    description: "one message from port1 to port2 of a MessageChannel",
    open: openMessageHop,
  },
  "set-timeout-0": {
    description: "a promise resolved from setTimeout(0) (timer)",
    open: () =>
      keepsNothingOpen(() => new Promise<void>((r) => setTimeout(r, 0))),
  },
};

/**
 * The suite: a bench case per primitive timing one awaited yield (`time`,
 * ns), each compared with `await-null`; and an experiment `lets-run` over
 * the primitive, recording per repetition the yields until a due
 * `setTimeout(0)`, a ready loopback read and a `setImmediate` had each run
 * (count, capped) and how many never ran within the cap.
 *
 * @param options the primitives of each part, the caps, the hold
 * @returns the suite
 * @throws {RangeError} on an option out of range, naming it
 *
 * @example
 * ```ts
 * import { yieldPrimitives } from "@looplab/looplab/suites/scheduling";
 * import { assertEquals } from "@std/assert";
 * const suite = yieldPrimitives({
 *   primitives: ["await-null", "set-immediate"],
 *   letsRun: ["await-null", "set-immediate"],
 * });
 * const names = suite.cases.map((c) => c.name);
 * assertEquals(names, ["await-null", "set-immediate", "lets-run"]);
 * assertEquals(suite.cases[2].params, {
 *   primitive: ["await-null", "set-immediate"],
 * });
 * assertEquals(suite.comparisons, [
 *   { base: "await-null", candidate: "set-immediate", metric: "time" },
 * ]);
 * ```
 */
export const yieldPrimitives: SuiteFactory<YieldPrimitivesOptions> =
  defineSuiteFactory(
    "yieldPrimitives",
    (options: YieldPrimitivesOptions = {}) => {
      const primitives = chosenList(
        options.primitives,
        "primitives",
        ALL_PRIMITIVES,
        { allowEmpty: true },
      );
      const letsRun = chosenList(options.letsRun, "letsRun", ALL_PRIMITIVES, {
        allowEmpty: true,
      });
      if (primitives.length === 0 && letsRun.length === 0) {
        throw new RangeError(
          "primitives and letsRun are both empty; the suite would have no cases",
        );
      }
      const caps = {
        yieldCap: options.yieldCap ?? 10_000,
        yieldTimeCapMs: options.yieldTimeCapMs ?? 100,
        holdMs: options.holdMs ?? 2,
      };
      assertIntegerInRange(caps.yieldCap, "yieldCap", 1, MAX_YIELD_CAP);
      assertIntegerInRange(
        caps.yieldTimeCapMs,
        "yieldTimeCapMs",
        1,
        MAX_YIELD_TIME_CAP_MS,
      );
      assertIntegerInRange(caps.holdMs, "holdMs", 0, MAX_HOLD_MS);
      const base = primitives.includes(BASE_PRIMITIVE)
        ? BASE_PRIMITIVE
        : primitives[0];
      return {
        name: "scheduling/yield_primitives",
        description: `cost of one yield; yields until a due timer, a ready ` +
          `read and an immediate run (cap ${caps.yieldCap} yields or ` +
          `${caps.yieldTimeCapMs} ms)`,
        cases: [
          ...primitives.map((primitive) => costCase(primitive)),
          ...(letsRun.length > 0 ? [letsRunCase(letsRun, caps)] : []),
        ],
        comparisons: primitives.filter((p) => p !== base).map((candidate) => ({
          base,
          candidate,
          metric: "time",
        })),
      };
    },
  );

function costCase(primitive: YieldPrimitive) {
  let yielder: Yielder | null = null;
  return bench(primitive, async () => {
    yielder = PRIMITIVES[primitive].open();
    await warmUp(yielder);
    return yielder.yieldOnce;
  }, {
    description: `one awaited yield: ${PRIMITIVES[primitive].description}`,
    teardown: () => {
      yielder?.close();
      yielder = null;
    },
  });
}

/**
 * Yields untimed before the bench timer starts. The timer sizes its batches
 * from the first calls it times, and a cold first call that fills a sample
 * on its own fixes the batch at one call for the whole fork (seen here for
 * `setImmediate` in four forks of five, and once for `await null`).
 */
async function warmUp(yielder: Yielder): Promise<void> {
  const endMs = performance.now() + WARMUP_MS;
  for (let i = 0; i < WARMUP_YIELDS && performance.now() < endMs; i++) {
    await yielder.yieldOnce();
  }
}

interface Caps {
  yieldCap: number;
  yieldTimeCapMs: number;
  holdMs: number;
}

function letsRunCase(primitives: YieldPrimitive[], caps: Caps) {
  const capped = `capped at ${caps.yieldCap} yields or ` +
    `${caps.yieldTimeCapMs} ms; one that never ran records the yields made`;
  let state: { yielder: Yielder; pair: LoopbackPair } | null = null;
  const close = (): void => {
    state?.yielder.close();
    state?.pair.close();
    state = null;
  };
  return experiment(
    "lets-run",
    {
      yieldsUntilTimer: {
        unit: "count",
        direction: "smaller",
        description: `a setTimeout(0) already due; ${capped}`,
      },
      yieldsUntilIo: {
        unit: "count",
        direction: "smaller",
        description: `a loopback read whose byte has arrived; ${capped}`,
      },
      yieldsUntilImmediate: {
        unit: "count",
        direction: "smaller",
        description: `a setImmediate armed before; ${capped}`,
      },
      stillPending: {
        unit: "count",
        direction: "smaller",
        description:
          "of those three, how many had not run when yielding stopped",
      },
    },
    (ctx) => yieldUntilRun(ctx, state!.yielder, state!.pair, caps),
    {
      description:
        "yield repeatedly with the primitive; count yields until a due timer, " +
        "a ready read and an immediate have had their turn",
      params: { primitive: primitives },
      setup: async (params: Params) => {
        const yielder = PRIMITIVES[params.primitive as YieldPrimitive].open();
        try {
          state = { yielder, pair: await openLoopbackPair() };
        } catch (error) {
          yielder.close();
          throw error;
        }
      },
      teardown: close,
      repetitions: LETS_RUN_REPETITIONS,
    },
  );
}

/** One repetition of `lets-run`. */
async function yieldUntilRun(
  ctx: ExperimentContext,
  yielder: Yielder,
  pair: LoopbackPair,
  caps: Caps,
): Promise<void> {
  // Each callback notes the yield during which it ran; 0 = not yet. None
  // can run before the first yield: until then this function holds the loop.
  let yields = 0;
  let untilTimer = 0;
  let untilIo = 0;
  let untilImmediate = 0;
  const timerRan = new Promise<void>((resolve) =>
    setTimeout(() => {
      untilTimer = yields;
      resolve();
    }, 0)
  );
  // The read is pending before the byte is written, so only the event loop
  // can complete it. The write is not awaited (awaiting would give the loop
  // a turn); Deno tries a TCP write when it is called, so the byte is in the
  // reader's receive queue at once.
  const read = pair.reader.read(readBuffer).then((bytes) => {
    untilIo = yields;
    return bytes;
  });
  const written = pair.writer.write(ONE_BYTE);
  const immediateRan = new Promise<void>((resolve) =>
    setImmediate(() => {
      untilImmediate = yields;
      resolve();
    })
  );
  const armedMs = performance.now();
  while (performance.now() - armedMs < caps.holdMs) {
    // Hold the loop: the timer comes due and the byte arrives meanwhile.
  }
  const giveUpMs = performance.now() + caps.yieldTimeCapMs;
  while (
    (untilTimer === 0 || untilIo === 0 || untilImmediate === 0) &&
    yields < caps.yieldCap && performance.now() < giveUpMs &&
    !ctx.signal.aborted
  ) {
    yields++;
    await yielder.yieldOnce();
  }
  const untils = [untilTimer, untilIo, untilImmediate];
  ctx.record("yieldsUntilTimer", untilTimer || yields);
  ctx.record("yieldsUntilIo", untilIo || yields);
  ctx.record("yieldsUntilImmediate", untilImmediate || yields);
  ctx.record("stillPending", untils.filter((u) => u === 0).length);
  const [bytes] = await Promise.all([read, written, timerRan, immediateRan]);
  if (bytes !== 1) {
    throw new Error(`read ${bytes} bytes; the peer wrote exactly 1`);
  }
}

/**
 * A `MessageChannel` hop: post on one port, resume when the other receives.
 * The ports must be closed, or their listener keeps the process alive.
 */
function openMessageHop(): Yielder {
  const { port1, port2 } = new MessageChannel();
  let resume: (() => void) | null = null;
  port2.onmessage = () => {
    const r = resume;
    resume = null;
    r?.();
  };
  return {
    yieldOnce: () =>
      new Promise<void>((r) => {
        resume = r;
        port1.postMessage(null);
      }),
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

const readBuffer = new Uint8Array(16);
const ONE_BYTE = new Uint8Array([1]);
