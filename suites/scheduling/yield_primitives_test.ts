// Runs the yield-primitives suite in quick mode in forks and checks what
// happened — every case passes (nothing left open: no timer, socket or
// MessagePort keeps a fork alive), each metric has its unit, the counts are
// whole and within the cap — and the one ordering the language guarantees:
// a microtask yield never gives the event loop a turn, so under `await null`
// none of the three callbacks can run and each count reaches the cap.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { yieldPrimitives } from "./yield_primitives.ts";

Deno.test("yield primitives options are validated", () => {
  assertThrows(
    // @ts-expect-error: not a primitive
    () => yieldPrimitives({ primitives: ["sched-yield"] }),
    RangeError,
    'primitives must be a list of distinct values from promise-resolve, await-null, queue-microtask, next-tick, set-immediate, message-channel, set-timeout-0, got ["sched-yield"]',
  );
  assertThrows(
    () => yieldPrimitives({ letsRun: ["await-null", "await-null"] }),
    RangeError,
    'letsRun must be a list of distinct values from promise-resolve, await-null, queue-microtask, next-tick, set-immediate, message-channel, set-timeout-0, got ["await-null","await-null"]',
  );
  assertThrows(
    () => yieldPrimitives({ primitives: [], letsRun: [] }),
    RangeError,
    "primitives and letsRun are both empty",
  );
  assertThrows(
    () => yieldPrimitives({ yieldCap: 0 }),
    RangeError,
    "yieldCap must be an integer in [1, 1000000], got 0",
  );
  assertThrows(
    () => yieldPrimitives({ yieldTimeCapMs: 2.5 }),
    RangeError,
    "yieldTimeCapMs must be an integer in [1, 1000], got 2.5",
  );
  assertThrows(
    () => yieldPrimitives({ holdMs: -1 }),
    RangeError,
    "holdMs must be an integer in [0, 100], got -1",
  );
});

Deno.test("without await-null the first listed primitive is the comparisons' base", () => {
  const suite = yieldPrimitives({
    primitives: ["set-immediate", "next-tick"],
    letsRun: [],
  });
  assertEquals(suite.cases.map((c) => c.name), ["set-immediate", "next-tick"]);
  assertEquals(suite.comparisons, [
    { base: "set-immediate", candidate: "next-tick", metric: "time" },
  ]);
});

Deno.test("every primitive is timed and counted, closes what it opened, and await null lets nothing run", async () => {
  // 2,000 microtask yields take well under a millisecond; the time cap is
  // set a thousand times wider so that only the count cap can stop them.
  const yieldCap = 2_000;
  const a = await run([yieldPrimitives({ yieldCap, yieldTimeCapMs: 1000 })], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 14, passed: 14, failed: 0 }); // nothing leaked
  const benches = a.cases.filter((c) => c.case !== "lets-run");
  assertEquals(benches.map((c) => c.case), [
    "promise-resolve",
    "await-null",
    "queue-microtask",
    "next-tick",
    "set-immediate",
    "message-channel",
    "set-timeout-0",
  ]);
  for (const c of benches) {
    assertEquals(c.metrics.map((m) => [m.name, m.unit]), [["time", "ns"]]);
  }
  const letsRun = a.cases.filter((c) => c.case === "lets-run");
  assertEquals(letsRun.length, 7);
  for (const c of letsRun) {
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      yieldsUntilTimer: "count",
      yieldsUntilIo: "count",
      yieldsUntilImmediate: "count",
      stillPending: "count",
    });
    const reps = c.forks[0].repetitions!;
    for (const m of c.metrics) {
      const values = m.samples.flat();
      assertEquals(values.length, reps); // one per repetition
      const [low, high] = m.name === "stillPending" ? [0, 3] : [1, yieldCap];
      assert(
        values.every((v) => Number.isInteger(v) && v >= low && v <= high),
        `${c.id} ${m.name}: ${values}`,
      );
    }
  }
  const awaitNull = letsRun.find((c) => c.params.primitive === "await-null")!;
  for (const m of awaitNull.metrics) {
    const expected = m.name === "stillPending" ? 3 : yieldCap;
    assert(
      m.samples.flat().every((v) => v === expected),
      `${m.name}: ${m.samples.flat()}`,
    );
  }
  assertEquals(a.comparisons.length, 6); // each primitive vs await-null
});
