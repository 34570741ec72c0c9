import { assert, assertEquals } from "@std/assert";
import { TARGET_SAMPLE_NS, timeBench } from "./bench_timer.ts";

const busyMs = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
};

Deno.test("one cold call does not fix the batch at one call per sample", async () => {
  // The second call (the first timed one) stalls for five times the
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
  // Every tenth call stalls for 200 calls' time (60 ms), far beyond a
  // preemption on a loaded host. mitata, left to itself, trims the slowest
  // samples and sorts the rest; we keep all, in order: the largest samples
  // are exactly the stalls, ten apart.
  let calls = 0;
  const timing = await timeBench(() => {
    calls++;
    busyMs(calls % 10 === 0 ? 200 * callMs : callMs);
  }, {
    deadlineMs: performance.now() + 60_000,
    minSamples: 5,
    maxSamples: 41,
    precision: 0,
  });
  assertEquals(timing.iterationsPerSample, 1);
  // The stalls are the samples past 100 calls' time: 41 samples hold four
  // or five of them (the first may fall on sample 0), each kept whole (no
  // cap, no winsorising) and in order, ten apart.
  const stalls = timing.samplesNs
    .flatMap((x, i) => x > 100 * callMs * 1e6 ? [i] : []);
  assert(stalls.length === 4 || stalls.length === 5, `${stalls}`);
  assertEquals(
    stalls.slice(1).map((i, k) => i - stalls[k]),
    stalls.slice(1).map(() => 10),
  );
});

Deno.test("the precision target stops sampling early, once minSamples are taken", async () => {
  const timing = await timeBench(() => busyMs(callMs), {
    deadlineMs: performance.now() + 60_000,
    minSamples: 12,
    maxSamples: 20_000,
    precision: 0.5,
  });
  // Steady calls meet ±50% at once (a dozen samples). A call the machine
  // stalls k-fold keeps the CI wide for about k samples, so the bound is
  // only what no stall reaches: without the target, 20,000 would be taken.
  const n = timing.samplesNs.length;
  assert(n >= 12 && n < 20_000, `${n} samples`);
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
