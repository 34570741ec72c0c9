// Runs the yield-before-loop suite in quick mode in forks and checks what
// happened — every case passes (nothing left open: no timer, socket or
// MessagePort), each metric has its unit, one latency per event and one
// first-event figure per repetition — and the orderings the language
// guarantees, not timings: the microtask producer runs flat out in
// microtask checkpoints, so a consumer that waits for a macrotask before
// its loop finds every other event already sent.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { yieldBeforeLoop } from "./yield_before_loop.ts";

Deno.test("yield-before-loop options are validated", () => {
  assertThrows(
    // @ts-expect-error: not a yield
    () => yieldBeforeLoop({ yields: ["yield-now"] }),
    RangeError,
    'yields must be a non-empty list of distinct values from none, microtask, set-immediate, message-channel, set-timeout-0, got ["yield-now"]',
  );
  assertThrows(
    () => yieldBeforeLoop({ sources: [] }),
    RangeError,
    "sources must be a non-empty list of distinct values from microtask, timer, socket, got []",
  );
  assertThrows(
    () => yieldBeforeLoop({ sources: ["timer", "timer"] }),
    RangeError,
    'sources must be a non-empty list of distinct values from microtask, timer, socket, got ["timer","timer"]',
  );
  assertThrows(
    () => yieldBeforeLoop({ events: 1 }),
    RangeError,
    "events must be an integer in [2, 10000], got 1",
  );
  assertThrows(
    () => yieldBeforeLoop({ periodMs: 0.5 }),
    RangeError,
    "periodMs must be an integer in [1, 50], got 0.5",
  );
  assertThrows(
    () => yieldBeforeLoop({ events: 10_000, periodMs: 50 }),
    RangeError,
    "events × periodMs must be at most 5000 ms (one repetition of the paced sources), got 10000 × 50 = 500000",
  );
});

Deno.test("each yield variant is compared with none on the three latencies; without none, with the first listed", () => {
  const suite = yieldBeforeLoop({ yields: ["none", "set-immediate"] });
  assertEquals(suite.params, { source: ["microtask", "timer", "socket"] });
  assertEquals(suite.comparisons, [
    { base: "none", candidate: "set-immediate", metric: "eventLatency" },
    { base: "none", candidate: "set-immediate", metric: "eventLatencyP99" },
    { base: "none", candidate: "set-immediate", metric: "firstEventLatency" },
  ]);
  const noBase = yieldBeforeLoop({ yields: ["set-timeout-0", "microtask"] });
  assertEquals(
    noBase.comparisons!.map((c) => [c.base, c.candidate]),
    Array(3).fill(["set-timeout-0", "microtask"]),
  );
});

Deno.test("every variant reads every event from every source and closes what it opened", async () => {
  const events = 12;
  const a = await run([yieldBeforeLoop({ events })], { quick: true });
  assertEquals(a.summary, { cases: 15, passed: 15, failed: 0 }); // nothing leaked
  for (const c of a.cases) {
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      firstEventLatency: "µs",
      backlogAtFirst: "count",
      eventLatency: "µs",
      eventLatencyP99: "µs",
    }, c.id);
    const samples = (name: string) =>
      c.metrics.find((m) => m.name === name)!.samples.flat();
    const reps = c.forks[0].repetitions!;
    assertEquals(samples("eventLatency").length, (events - 1) * reps, c.id);
    for (const once of ["firstEventLatency", "backlogAtFirst"]) {
      assertEquals(samples(once).length, reps, `${c.id}: ${once}`);
    }
    assertEquals(samples("eventLatencyP99").length, reps, c.id);
    const backlog = samples("backlogAtFirst");
    assert(
      backlog.every((b) => Number.isInteger(b) && b >= 0 && b < events),
      `${c.id}: ${backlog}`,
    );
    assert(samples("eventLatency").every((x) => x >= 0), c.id);
    // A macrotask yield lets the microtask producer finish first.
    if (
      c.params.source === "microtask" &&
      ["set-immediate", "message-channel", "set-timeout-0"].includes(c.case)
    ) {
      assert(backlog.every((b) => b === events - 1), `${c.id}: ${backlog}`);
    }
  }
  // 4 variants against none × 3 metrics × 3 sources.
  assertEquals(a.comparisons.length, 36);
});
