import { assertEquals } from "@std/assert";
import {
  diagnoseForks,
  ELIMINATED_NS,
  FEW_SAMPLES,
  SLOW_FIRST_FORK,
  WIDE_CI,
} from "./diagnostics.ts";

const time = { time: true, perCallNs: false };
const bench = { time: true, perCallNs: true };
const count = { time: false, perCallNs: false };
const tight = { point: 100, relativeHalfWidth: 0.01 };
const spread = (c: number, n: number) =>
  Array.from({ length: n }, (_, i) => c + (i % 7) * 0.01 * c);

Deno.test("thresholds: fewer than 10 samples, a half-width above 10%, a per-call centre below 1 ns", () => {
  assertEquals([FEW_SAMPLES, WIDE_CI, ELIMINATED_NS], [10, 0.1, 1]);
  assertEquals(diagnoseForks([spread(1, 9)], tight, time).fewSamples, true);
  assertEquals(diagnoseForks([spread(1, 10)], tight, time).fewSamples, false);
  const forks = [spread(100, 30), spread(100, 30)];
  assertEquals(
    diagnoseForks(forks, { point: 100, relativeHalfWidth: 0.1 }, time).wide,
    false,
  );
  assertEquals(
    diagnoseForks(forks, { point: 100, relativeHalfWidth: 0.1001 }, time).wide,
    true,
  );
  const fast = { point: 0.99, relativeHalfWidth: 0.01 };
  assertEquals(diagnoseForks(forks, fast, bench).eliminated, true);
  assertEquals(diagnoseForks(forks, fast, time).eliminated, false);
  assertEquals(diagnoseForks([spread(1, 30)], tight, time).oneFork, true);
});

Deno.test("a first fork more than 10% slower than the others' median is flagged, from three forks, for times", () => {
  assertEquals(SLOW_FIRST_FORK, 1.1);
  const forks = (first: number) => [[first], [100], [104], [96]];
  assertEquals(diagnoseForks(forks(110), tight, time).firstForkSlowdown, null);
  assertEquals(diagnoseForks(forks(120), tight, time).firstForkSlowdown, 1.2);
  assertEquals(diagnoseForks(forks(120), tight, count).firstForkSlowdown, null);
  assertEquals(
    diagnoseForks([[120], [100]], tight, time).firstForkSlowdown,
    null,
  );
});

Deno.test("few distinct values (below max(5, n/20)) are a coarse clock in a time and a lattice otherwise", () => {
  const ticks = Array.from({ length: 100 }, (_, i) => i % 4);
  const fine = Array.from({ length: 100 }, (_, i) => i);
  const coarse = diagnoseForks([ticks], tight, time);
  assertEquals([coarse.distinctValues, coarse.coarseClock], [4, true]);
  assertEquals(coarse.lattice, false);
  const lattice = diagnoseForks([ticks], tight, count);
  assertEquals([lattice.coarseClock, lattice.lattice], [false, true]);
  assertEquals(diagnoseForks([fine], tight, count).lattice, false);
  // Bench times are not counted; a short time series is not judged.
  assertEquals(diagnoseForks([ticks], tight, bench).distinctValues, null);
  assertEquals(
    diagnoseForks([ticks.slice(0, 19)], tight, time).coarseClock,
    false,
  );
  // 5 distinct values in 100 samples are enough (5 = max(5, 100/20)).
  const five = Array.from({ length: 100 }, (_, i) => i % 5);
  assertEquals(diagnoseForks([five], tight, time).coarseClock, false);
});
