import { assert, assertEquals } from "@std/assert";
import { TARGET_SAMPLE_NS, timeBench } from "./bench_timer.ts";

const busyMs = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
};

Deno.test("one cold call does not fix the batch at one call per sample", async () => {
  // The second call (the first timed one) stalls for 5 ms, ten times the
  // sample target; every other call is a few hundred ns.
  let calls = 0;
  const timing = await timeBench(() => {
    if (++calls === 2) busyMs(5 * TARGET_SAMPLE_NS / 1e6);
    return calls;
  }, {
    deadlineMs: performance.now() + 50,
    minSamples: 5,
    maxSamples: 100,
    precision: 0,
  });
  assert(timing.iterationsPerSample > 1, `${timing.iterationsPerSample}`);
});

Deno.test("a function that is always slower than a sample's target is timed a call per sample", async () => {
  const timing = await timeBench(() => busyMs(2 * TARGET_SAMPLE_NS / 1e6), {
    deadlineMs: performance.now() + 20,
    minSamples: 3,
    maxSamples: 100,
    precision: 0,
  });
  assertEquals(timing.iterationsPerSample, 1);
});

/** A call that fills a sample on its own, so that each sample is one call. */
const callMs = 1.2 * TARGET_SAMPLE_NS / 1e6;

Deno.test("samples come back in time order and untrimmed: every tenth call's stall is in them, ten apart", async () => {
  // Every tenth call stalls for 40 calls' time (read as a stall above 20,
  // far beyond what the machine's noise adds to one call). mitata, left to itself,
  // trims the slowest samples and sorts the rest; we keep all, in order.
  let calls = 0;
  const timing = await timeBench(() => {
    calls++;
    busyMs(calls % 10 === 0 ? 40 * callMs : callMs);
  }, {
    deadlineMs: performance.now() + 60_000,
    minSamples: 5,
    maxSamples: 41,
    precision: 0,
  });
  assertEquals(timing.iterationsPerSample, 1);
  const stalls = timing.samplesNs
    .map((x, i) => (x > 20 * callMs * 1e6 ? i : -1))
    .filter((i) => i >= 0);
  assertEquals(stalls.length, Math.floor(timing.samplesNs.length / 10));
  assertEquals(
    stalls.slice(1).map((i, k) => i - stalls[k]),
    stalls.slice(1).map(() => 10),
  );
});

Deno.test("the precision target stops sampling early, once minSamples are taken", async () => {
  const timing = await timeBench(() => busyMs(callMs), {
    deadlineMs: performance.now() + 60_000,
    minSamples: 12,
    maxSamples: 1000,
    precision: 0.5,
  });
  // Steady calls meet ±50% at once; the range leaves room for a call the
  // machine stalled. Without the target, 1,000 samples would be taken.
  const n = timing.samplesNs.length;
  assert(n >= 12 && n < 100, `${n} samples`);
});

Deno.test("minSamples are taken even past the deadline", async () => {
  const timing = await timeBench(() => busyMs(callMs), {
    deadlineMs: performance.now() - 1,
    minSamples: 12,
    maxSamples: 1000,
    precision: 0,
  });
  assertEquals(timing.samplesNs.length, 12);
});

Deno.test("exactly maxSamples are taken before a far deadline", async () => {
  const timing = await timeBench(() => busyMs(callMs), {
    deadlineMs: performance.now() + 60_000,
    minSamples: 3,
    maxSamples: 20,
    precision: 0,
  });
  assertEquals(timing.samplesNs.length, 20);
});
