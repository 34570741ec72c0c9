import { assert, assertEquals, assertRejects } from "@std/assert";
import { timeInterleaved } from "./interleave.ts";

Deno.test("interleaved functions of similar speed share a batch; a microtask and a timer do not", async () => {
  const sum = (n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += i;
    return s;
  };
  // Long enough for warm-up rounds: batches are shared on settled times.
  const similar = await timeInterleaved([() => sum(1000), () => sum(1100)], {
    deadlineMs: performance.now() + 300,
    maxSamples: 10_000,
    seed: 1,
  });
  assertEquals(similar.iterationsPerSample[0], similar.iterationsPerSample[1]);
  assert(similar.iterationsPerSample[0] > 1);
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
