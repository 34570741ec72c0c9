// Timing between marks (Deno.bench's b.start()/b.end()) and counted calls
// (its n and warmup): judged by what ran, never by how long it took.
import { assert, assertEquals, assertRejects } from "@std/assert";
import { timeBench } from "./bench_timer.ts";
import { timeInterleaved } from "./interleave.ts";
import { type BenchRegion, timedRegion, timeRegions } from "./region.ts";

Deno.test("a mark set twice, or end() before start(), fails the call as deno bench does", async () => {
  await assertRejects(
    () => timeRegions((r) => (r.start(), r.start()), 1, 0, []),
    TypeError,
    "BenchContext::start() has already been invoked",
  );
  await assertRejects(
    () => timeRegions((r) => (r.end(), r.end()), 1, 0, []),
    TypeError,
    "BenchContext::end() has already been invoked",
  );
  await assertRejects(
    () => timeRegions((r) => (r.end(), r.start()), 1, 0, []),
    TypeError,
    "end() was called before",
  );
});

/** A clock that reads `t` ms, moved by the code under test. */
function fakeClock() {
  const clock = { t: 0, now: () => clock.t };
  return clock;
}

Deno.test("only the span between the marks is timed: setup before and after is not", async () => {
  const clock = fakeClock();
  const spans: number[] = [];
  await timeRegions(
    (r) => {
      clock.t += 5; // setup
      r.start();
      clock.t += 2; // the work
      r.end();
      clock.t += 7; // cleanup
    },
    2,
    100,
    spans,
    clock,
  );
  // 2 ms = 2e6 ns, less the 100 ns clock cost, each call.
  assertEquals(spans, [2e6 - 100, 2e6 - 100]);
});

Deno.test("a span open at one end runs to that end of the call; no marks time the whole call", async () => {
  const clock = fakeClock();
  const spans: number[] = [];
  const work = (before: number, after: number) => (r: BenchRegion) => {
    clock.t += before;
    if (before === 1) r.start();
    else r.end();
    clock.t += after;
  };
  await timeRegions(work(1, 3), 1, 0, spans, clock); // start() only: 3 ms
  await timeRegions(work(4, 1), 1, 0, spans, clock); // end() only: 4 ms
  await timeRegions(() => void (clock.t += 6), 1, 0, spans, clock); // whole: 6 ms
  await timeRegions(
    async (r) => {
      r.start();
      await Promise.resolve();
      clock.t += 8;
      r.end();
    },
    1,
    0,
    spans,
    clock,
  );
  assertEquals(spans, [3e6, 4e6, 6e6, 8e6]);
});

Deno.test("a clock cost above every span leaves each sample at the 1 ns floor", async () => {
  const spans: number[] = [];
  await timeRegions((r) => (r.start(), r.end()), 3, 1e9, spans);
  assertEquals(spans, [1, 1, 1]);
});

Deno.test("a marked function is timed a call per sample, calls honoured exactly, the clock cost recorded", async () => {
  let calls = 0;
  let marked = 0;
  const fn = timedRegion((r) => {
    calls++;
    const xs = [3, 1, 2];
    r.start();
    marked++;
    xs.sort();
    r.end();
  });
  const timing = await timeBench(fn, {
    deadlineMs: 0,
    minSamples: 50,
    maxSamples: 1000,
    precision: 0,
    calls: 7,
    warmupCalls: 5,
  });
  assertEquals(timing.samplesNs.length, 7);
  assertEquals(timing.iterationsPerSample, 1);
  assert(timing.clockCostNs !== undefined && timing.clockCostNs >= 0);
});

Deno.test("calls on a batched function take samples until that many calls, at least minSamples", async () => {
  let calls = 0;
  const timing = await timeBench(() => calls++, {
    deadlineMs: 0,
    minSamples: 3,
    maxSamples: 1000,
    precision: 0,
    calls: 10,
  });
  assert(timing.iterationsPerSample > 1);
  // Ten calls fit in one batch: minSamples decides.
  assertEquals(timing.samplesNs.length, 3);
  assertEquals(timing.clockCostNs, undefined);
});

Deno.test("interleaving a marked function with a plain one: a call per sample for the marked, counted calls honoured", async () => {
  let marked = 0;
  const timing = await timeInterleaved([
    () => Math.sqrt(2),
    timedRegion((r) => {
      r.start();
      marked++;
      r.end();
    }),
  ], {
    deadlineMs: 0,
    maxSamples: 10_000,
    seed: 3,
    calls: [undefined, 40],
  });
  assertEquals(timing.marked, [false, true]);
  assertEquals(timing.iterationsPerSample[1], 1);
  assert(timing.clockCostNs !== null);
  // Rounds of four samples until the marked one has 40.
  assertEquals(timing.samplesNs[1].length, 40);
  assertEquals(timing.samplesNs[0].length, 40);
  assert(marked >= 40);
});

Deno.test("in a group, a member given calls does not cut the others short: they run to the deadline", async () => {
  const timing = await timeInterleaved([
    () => Math.sqrt(2),
    timedRegion((r) => (r.start(), r.end())),
  ], {
    deadlineMs: performance.now() + 150,
    maxSamples: 10_000,
    seed: 4,
    calls: [undefined, 8],
  });
  // Rounds went on past the 8 calls (two rounds) until the deadline.
  assert(timing.order.length > 2);
  assert(timing.samplesNs[1].length >= 8);
});
