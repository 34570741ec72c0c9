// Runs the microtask-starvation suite in quick mode in forks and checks
// what happened — one observation of each metric per repetition, the byte
// read back, nothing left open — and the one ordering the job queue
// guarantees: neither the timer nor the read can complete while the flood
// runs, so each waited at least as long as the flood in its repetition.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { microtaskStarvation } from "./microtask_starvation.ts";

Deno.test("microtask starvation options are validated", () => {
  assertThrows(
    () => microtaskStarvation({ microtasks: [] }),
    RangeError,
    "microtasks must be a non-empty list of integers in [1, 10000000], got []",
  );
  assertThrows(
    () => microtaskStarvation({ microtasks: [1000, 0] }),
    RangeError,
    "microtasks[1] must be an integer in [1, 10000000], got 0",
  );
  assertThrows(
    () => microtaskStarvation({ microtasks: [20_000_000] }),
    RangeError,
    "microtasks[0] must be an integer in [1, 10000000], got 20000000",
  );
  assertThrows(
    () => microtaskStarvation({ microtasks: [1000, 1000] }),
    RangeError,
    "microtasks lists 1000 twice, got [1000,1000]",
  );
  assertThrows(
    () => microtaskStarvation({ timerDelayMs: 1.5 }),
    RangeError,
    "timerDelayMs must be an integer in [0, 1000], got 1.5",
  );
  assertThrows(
    // @ts-expect-error: not a flood
    () => microtaskStarvation({ floods: ["set-immediate"] }),
    RangeError,
    'floods must be a non-empty list of distinct values from await-chain, queue-microtask, got ["set-immediate"]',
  );
  assertThrows(
    () => microtaskStarvation({ floods: [] }),
    RangeError,
    "floods must be a non-empty list",
  );
});

Deno.test("every flood starves the timer and the ready read for at least its own length, and closes its sockets", async () => {
  const a = await run([microtaskStarvation({ microtasks: [1000, 20_000] })], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 4, passed: 4, failed: 0 }); // nothing leaked
  for (const c of a.cases) {
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      timerLateness: "ms",
      readDelay: "ms",
      floodMs: "ms",
    });
    const series = (name: string) =>
      c.metrics.find((m) => m.name === name)!.samples.flat();
    const reps = c.forks[0].repetitions!;
    const flood = series("floodMs");
    const lateness = series("timerLateness");
    const readDelay = series("readDelay");
    // One observation of each metric per repetition, none lost.
    assertEquals([flood.length, lateness.length, readDelay.length], [
      reps,
      reps,
      reps,
    ]);
    for (let i = 0; i < reps; i++) {
      assert(lateness[i] >= flood[i], `${c.id}: timer fired mid-flood`);
      assert(readDelay[i] >= flood[i], `${c.id}: read resolved mid-flood`);
    }
  }
  // queue-microtask vs await-chain on two metrics, at each of the two sizes.
  assertEquals(a.comparisons.length, 4);
  assertEquals(
    a.sweeps.map((s) => `${s.case}/${s.metric}`).sort(),
    [
      "await-chain/floodMs",
      "await-chain/readDelay",
      "await-chain/timerLateness",
      "queue-microtask/floodMs",
      "queue-microtask/readDelay",
      "queue-microtask/timerLateness",
    ],
  );
  assert(a.sweeps.every((s) => s.param === "microtasks"));
});

Deno.test("one flood alone has nothing to be compared with", () => {
  const suite = microtaskStarvation({ floods: ["queue-microtask"] });
  assertEquals(suite.cases.map((c) => c.name), ["queue-microtask"]);
  assertEquals(suite.comparisons, []);
});
