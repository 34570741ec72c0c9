// Runs timers/tick_policies in quick mode in a fork and checks what each
// policy did — one lateness sample per tick run, the declared units, the
// counts its own rules fix whatever the timing — never how late a tick was.
// A block spins for at least blockMs, so a 12 ms block in a 5 ms period
// leaves at least one slot overdue on any machine.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { type CaseRecord, run } from "../../mod.ts";
import { tickPolicies } from "./tick_policies.ts";

Deno.test("tick policy options are validated, naming the field and the value", () => {
  assertThrows(
    () => tickPolicies({ periodMs: 0 }),
    RangeError,
    "periodMs must be an integer in [1, 1000], got 0",
  );
  assertThrows(
    () => tickPolicies({ periodMs: 2.5 }),
    RangeError,
    "periodMs must be an integer in [1, 1000], got 2.5",
  );
  assertThrows(
    () => tickPolicies({ spanTicks: 9, blockEvery: 5 }),
    RangeError,
    "spanTicks must be at least 2 × blockEvery (10)",
  );
  assertThrows(
    () => tickPolicies({ periodMs: 100, spanTicks: 25 }),
    RangeError,
    "spanTicks × periodMs must be at most 2000 ms (one repetition), got 2500",
  );
  assertThrows(() => tickPolicies({ blockMs: [] }), RangeError, "blockMs");
  assertThrows(
    () => tickPolicies({ blockMs: [0, -1] }),
    RangeError,
    "blockMs[1] must be in [0, 40] ms",
  );
  assertThrows(
    () => tickPolicies({ periodMs: 5, blockEvery: 3, blockMs: [11] }),
    RangeError,
    "blockMs[0] must be in [0, 10] ms ((blockEvery − 1) × periodMs, so that blocks never run into each other), got 11",
  );
  // An axis lists each value once: two equal blocks would be two jobs
  // with one id, and a sweep with one x twice.
  assertThrows(
    () => tickPolicies({ blockMs: [0, 7, 7] }),
    RangeError,
    "blockMs lists 7 twice",
  );
  assertThrows(
    () => tickPolicies({ policies: ["skip", "skip"] }),
    RangeError,
    'policies must be a non-empty list of distinct values from set-interval, rearm-timeout, deadline, burst, delay, skip, got ["skip","skip"]',
  );
  assertThrows(
    () => tickPolicies({ policies: ["catch-up" as "burst"] }),
    RangeError,
    "policies",
  );
});

Deno.test("the span and block defaults follow periodMs and blockEvery", () => {
  const axis = (o: Parameters<typeof tickPolicies>[0]) =>
    tickPolicies(o).cases[0].params?.blockMs ?? tickPolicies(o).params?.blockMs;
  assertEquals(axis({}), [0, 35]);
  assertEquals(axis({ periodMs: 5 }), [0, 18]);
  assertEquals(axis({ periodMs: 200 }), [0, 700]);
  // One period between blocks leaves no room for a block: the control only.
  assertEquals(axis({ blockEvery: 1, spanTicks: 4 }), [0]);
});

Deno.test("comparisons are made against set-interval only when it runs", () => {
  const withBase = tickPolicies({ policies: ["set-interval", "skip"] });
  assertEquals(withBase.comparisons, [
    { base: "set-interval", candidate: "skip", metric: "drift" },
    { base: "set-interval", candidate: "skip", metric: "ticksMissed" },
  ]);
  const without = tickPolicies({ policies: ["burst", "skip"] });
  assertEquals(without.cases.map((c) => c.name), ["burst", "skip"]);
  assertEquals(without.comparisons, []);
});

Deno.test("every policy ticks through its span, records one lateness per tick, and leaves no timer armed", async () => {
  const spanTicks = 10;
  const a = await run([
    tickPolicies({ periodMs: 5, spanTicks, blockEvery: 4, blockMs: [0, 12] }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 12, passed: 12, failed: 0 }); // nothing leaked
  const values = (c: CaseRecord, metric: string): number[] =>
    c.metrics.find((m) => m.name === metric)!.samples.flat();
  for (const c of a.cases) {
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      lateness: "ms",
      latenessMax: "ms",
      drift: "ms",
      ticksMissed: "count",
      largestBurst: "count",
      armsPerTick: "arms/tick",
    });
    const missed = values(c, "ticksMissed");
    const reps = c.forks[0].repetitions!;
    assertEquals(missed.length, reps);
    assert(missed.every((x) => Number.isInteger(x) && x >= 0 && x < spanTicks));
    const ticksRun = reps * spanTicks - missed.reduce((s, x) => s + x, 0);
    assertEquals(values(c, "lateness").length, ticksRun, c.id);
    assertEquals(
      Math.max(...values(c, "lateness")),
      Math.max(...values(c, "latenessMax")),
    );
    assert(values(c, "drift").every((x) => x >= 0));
    assert(
      values(c, "largestBurst").every((x) => Number.isInteger(x) && x >= 1),
    );
    const arms = values(c, "armsPerTick");
    const blocked = c.params.blockMs === 12;
    switch (c.case) {
      case "set-interval": // one interval for the whole span
        missed.forEach((m, i) => assertEquals(arms[i], 1 / (spanTicks - m)));
        break;
      case "rearm-timeout": // a timer before every tick; a block delays them all
        assert(arms.every((x) => x === 1));
        if (blocked) assert(missed.every((x) => x >= 1), c.id);
        break;
      case "deadline": // every slot runs, each after a timer, overdue or not
        assert(arms.every((x) => x === 1));
        assert(missed.every((x) => x === 0), c.id);
        break;
      case "burst": // every slot runs; overdue ones without a timer
        assert(missed.every((x) => x === 0), c.id);
        assert(arms.every((x) => blocked ? x < 1 : x <= 1), c.id);
        break;
      case "delay": // the shift after an overdue tick costs a slot at the end
      case "skip": // an overdue tick drops at least the slot it ran late into
        assert(arms.every((x) => x <= 1));
        if (blocked) assert(missed.every((x) => x >= 1), c.id);
        break;
    }
  }
  // Five candidates × two metrics, at each block length.
  assertEquals(a.comparisons.length, 20);
  assert(a.comparisons.every((c) => c.base.includes("set-interval")));
  // Drift, ticks missed and worst lateness over blockMs for each policy.
  assertEquals(a.sweeps.length, 18);
  assert(a.sweeps.every((s) => s.param === "blockMs" && s.points.length === 2));
});
