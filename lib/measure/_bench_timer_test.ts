import { assert, assertEquals } from "@std/assert";
import { TARGET_SAMPLE_NS, timeBench } from "./_bench_timer.ts";

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
