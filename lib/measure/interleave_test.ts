import { assert, assertEquals, assertRejects } from "@std/assert";
import { sharedBatches, timeInterleaved } from "./interleave.ts";

Deno.test("a microtask and a timer, interleaved, do not share a batch", async () => {
  // A timer's call lasts milliseconds: a batch sized for the microtask
  // would make its samples last seconds, so each keeps its own.
  const apart = await timeInterleaved([
    () => Promise.resolve(),
    () => new Promise((resolve) => setTimeout(resolve, 1)),
  ], { deadlineMs: performance.now() + 60, maxSamples: 10_000, seed: 2 });
  assertEquals(apart.async, [true, true]);
  assertEquals(apart.iterationsPerSample[1], 1);
  assert(apart.iterationsPerSample[0] > 10, `${apart.iterationsPerSample}`);
  // Every round runs each function once, and the samples are its blocks.
  for (const round of apart.order) assertEquals([...round].sort(), [0, 1]);
  assertEquals(
    apart.samplesNs.map((xs) => xs.length),
    [apart.order.length * 4, apart.order.length * 4],
  );
});

Deno.test("sharedBatches: functions within 2x of the next share the smallest batch of their run", () => {
  // 250 µs samples: 100 ns → 2,500 calls; 180 ns → 1,389; 300 ns → 834.
  assertEquals(sharedBatches([100, 180, 300]), [834, 834, 834]);
  // 100 → 250 is more than 2x: two runs.
  assertEquals(sharedBatches([100, 250, 10_000, 15_000]), [2500, 1000, 17, 17]);
  assertEquals(sharedBatches([5e6]), [1]);
});

Deno.test("interleaving needs two functions", async () => {
  await assertRejects(
    () =>
      timeInterleaved([() => 1], {
        deadlineMs: performance.now(),
        maxSamples: 10,
        seed: 1,
      }),
    RangeError,
    "at least two functions",
  );
});
