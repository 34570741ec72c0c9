// Runs timers/timer_fidelity in quick mode in a fork and checks what it
// recorded — one sample per measured timer, the declared units, lateness
// derived from actual delay, nothing left open — never how long a timer took.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { timerFidelity } from "./timer_fidelity.ts";

Deno.test("timer fidelity options are validated, naming the field and the value", () => {
  assertThrows(
    () => timerFidelity({ delaysMs: [0, -1] }),
    RangeError,
    "delaysMs[1] must be an integer in [0, 1000], got -1",
  );
  assertThrows(
    () => timerFidelity({ delaysMs: [1.5] }),
    RangeError,
    "delaysMs[0] must be an integer in [0, 1000], got 1.5",
  );
  assertThrows(() => timerFidelity({ delaysMs: [] }), RangeError, "delaysMs");
  assertThrows(
    () => timerFidelity({ timers: 5 as unknown as number[] }),
    RangeError,
    "timers must be a non-empty list of integers in [1, 1000000], got 5",
  );
  assertThrows(
    () => timerFidelity({ timers: [0] }),
    RangeError,
    "timers[0] must be an integer in [1, 1000000], got 0",
  );
  assertThrows(
    () => timerFidelity({ concurrentDelaysMs: [2000] }),
    RangeError,
    "concurrentDelaysMs[0]",
  );
  assertThrows(
    () => timerFidelity({ timersPerRepetition: 0 }),
    RangeError,
    "timersPerRepetition must be an integer in [1, 100], got 0",
  );
  assertThrows(
    () => timerFidelity({ nestingDepth: -1 }),
    RangeError,
    "nestingDepth must be an integer in [0, 100], got -1",
  );
  assertThrows(
    () => timerFidelity({ delaysMs: [1000], timersPerRepetition: 100 }),
    RangeError,
    "timersPerRepetition × the longest delay must be at most 5000 ms (one repetition), got 100 × 1000 = 100000",
  );
  assertThrows(
    () => timerFidelity({ latenessSamples: 0 }),
    RangeError,
    "latenessSamples",
  );
});

Deno.test("every timer is measured once, batches are subsampled systematically, and nothing is left armed", async () => {
  const a = await run([
    timerFidelity({
      delaysMs: [0, 2],
      timers: [1, 50],
      concurrentDelaysMs: [1],
      timersPerRepetition: 2,
      nestingDepth: 3,
      latenessSamples: 10,
    }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 6, passed: 6, failed: 0 }); // nothing leaked
  const samples = (c: (typeof a.cases)[number], metric: string) =>
    c.metrics.find((m) => m.name === metric)!.samples.flat();
  for (const c of a.cases) {
    const reps = c.forks[0].repetitions!;
    assert(reps >= 2, `${c.id}: ${reps} repetitions`);
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    if (c.case === "concurrent") {
      assertEquals(units, {
        lateness: "ms",
        spread: "ms",
        armCost: "µs",
        outOfOrder: "count",
      });
      // 50 timers, at most 10 samples: every 5th timer; 1 timer: itself.
      const perBatch = c.params.timers === 50 ? 10 : 1;
      assertEquals(samples(c, "lateness").length, perBatch * reps);
      assertEquals(samples(c, "spread").length, reps);
      assertEquals(samples(c, "armCost").length, reps);
      const outOfOrder = samples(c, "outOfOrder");
      assertEquals(outOfOrder.length, reps);
      assert(outOfOrder.every((n) => Number.isInteger(n) && n >= 0));
      if (c.params.timers === 1) {
        assert(samples(c, "spread").every((s) => s === 0)); // one fire
      }
    } else {
      assertEquals(units, { actualDelay: "ms", lateness: "ms" });
      const actual = samples(c, "actualDelay");
      const lateness = samples(c, "lateness");
      assertEquals(actual.length, 2 * reps); // one per measured timer
      const delayMs = Number(c.params.delayMs);
      lateness.forEach((l, i) => assertEquals(l, actual[i] - delayMs));
    }
  }
  assertEquals(
    a.comparisons.map((c) => [c.base, c.candidate, c.metric]),
    [0, 2].map((d) => [
      `timers/timer_fidelity/flat[delayMs=${d}]`,
      `timers/timer_fidelity/nested[delayMs=${d}]`,
      "actualDelay",
    ]),
  );
  assertEquals(
    a.sweeps.map((s) => [s.case, s.param, s.metric, s.points.length]),
    [
      ["flat", "delayMs", "actualDelay", 2],
      ["nested", "delayMs", "actualDelay", 2],
      ["concurrent", "timers", "lateness", 2],
      ["concurrent", "timers", "spread", 2],
    ],
  );
});
