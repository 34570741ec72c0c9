// Runs timers/interval_vs_sleep_reset in quick mode in forks and checks what
// it recorded — one latency per event, per-repetition quantiles taken from
// those latencies, keep-alives counted, the declared units, nothing left
// armed — never how long anything took. The only counts asserted are ones
// the loop's structure fixes (a stream that is one synchronous burst gives
// its timers no turn to fire) or that a tenfold margin settles (a 50 ms gap
// between bursts against a 5 ms keep-alive).
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { run } from "../../mod.ts";
import { quantiles } from "../../lib/stats/mod.ts";
import {
  intervalVsSleepReset,
  type ProducerPattern,
} from "./interval_vs_sleep_reset.ts";

Deno.test("interval vs sleep-reset options are validated, naming the field and the value", () => {
  assertThrows(
    () => intervalVsSleepReset({ pattern: [] }),
    RangeError,
    "pattern must be a non-empty list of distinct values from steady, bursty, got []",
  );
  assertThrows(
    () => intervalVsSleepReset({ pattern: ["jittery" as ProducerPattern] }),
    RangeError,
    'got ["jittery"]',
  );
  assertThrows(
    () => intervalVsSleepReset({ eventPeriodMs: [4, 0] }),
    RangeError,
    "eventPeriodMs[1] must be an integer in [1, 1000], got 0",
  );
  assertThrows(
    () => intervalVsSleepReset({ eventPeriodMs: [1.5] }),
    RangeError,
    "eventPeriodMs[0] must be an integer in [1, 1000], got 1.5",
  );
  assertThrows(
    () => intervalVsSleepReset({ periodMs: 10 as unknown as number[] }),
    RangeError,
    "periodMs must be a non-empty list of integers in [1, 1000], got 10",
  );
  assertThrows(
    () => intervalVsSleepReset({ streamMs: 0 }),
    RangeError,
    "streamMs must be an integer in [1, 2000], got 0",
  );
  assertThrows(
    () => intervalVsSleepReset({ burst: 0 }),
    RangeError,
    "burst must be an integer in [1, 10000], got 0",
  );
  assertThrows(
    () => intervalVsSleepReset({ idleKeepAlives: 0 }),
    RangeError,
    "idleKeepAlives must be an integer in [1, 100], got 0",
  );
});

Deno.test("every event is measured once, quantiles come from each repetition's events, and nothing is left armed", async () => {
  // 10 events per repetition: steady every 10 ms, or two bursts of 5 50 ms
  // apart; keep-alive every 5 ms.
  const a = await run([
    intervalVsSleepReset({
      eventPeriodMs: [10],
      periodMs: [5],
      streamMs: 100,
      burst: 5,
      idleKeepAlives: 2,
    }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 4, passed: 4, failed: 0 }); // nothing leaked
  const samples = (c: (typeof a.cases)[number], metric: string) =>
    c.metrics.find((m) => m.name === metric)!.samples.flat();
  for (const c of a.cases) {
    const reps = c.forks[0].repetitions!;
    assert(reps >= 2, `${c.id}: ${reps} repetitions`);
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      eventLatency: "µs",
      latencyP50: "µs",
      latencyP99: "µs",
      keepAliveFires: "count",
      cpuPerEvent: "µs",
      idleLateness: "ms",
    });
    const latency = samples(c, "eventLatency");
    assertEquals(latency.length, 10 * reps); // one per event, none lost
    assert(latency.every((us) => us >= 0));
    const p50 = samples(c, "latencyP50");
    const p99 = samples(c, "latencyP99");
    for (let rep = 0; rep < reps; rep++) {
      const [q50, q99] = quantiles(latency.slice(10 * rep, 10 * rep + 10), [
        0.5,
        0.99,
      ]);
      assertAlmostEquals(p50[rep], q50, 1e-9);
      assertAlmostEquals(p99[rep], q99, 1e-9);
    }
    const fires = samples(c, "keepAliveFires");
    assertEquals(fires.length, reps);
    assert(fires.every((n) => Number.isInteger(n) && n >= 0), `${fires}`);
    if (c.params.pattern === "bursty") {
      // The 50 ms gap holds ten keep-alive periods: both timers fire in it.
      assert(fires.every((n) => n >= 1), `${c.id}: ${fires}`);
    }
    assertEquals(samples(c, "cpuPerEvent").length, reps);
    assertEquals(samples(c, "idleLateness").length, 2 * reps);
  }
  assertEquals(
    a.comparisons.map((c) => [c.base, c.candidate, c.metric]),
    ["eventLatency", "latencyP99", "keepAliveFires", "cpuPerEvent"].flatMap((
      metric,
    ) =>
      ["steady", "bursty"].map((pattern) => {
        const params = `[pattern=${pattern},eventPeriodMs=10,periodMs=5]`;
        return [
          `timers/interval_vs_sleep_reset/interval${params}`,
          `timers/interval_vs_sleep_reset/sleep-reset${params}`,
          metric,
        ];
      })
    ),
  );
  assertEquals(a.sweeps, []);
});

Deno.test("a stream that is one synchronous burst fires no keep-alive while streaming, with either timer", async () => {
  const a = await run([
    intervalVsSleepReset({
      pattern: ["bursty"],
      eventPeriodMs: [1],
      periodMs: [1],
      streamMs: 16,
      burst: 16,
      idleKeepAlives: 1,
    }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 2, passed: 2, failed: 0 });
  for (const c of a.cases) {
    const fires = c.metrics.find((m) => m.name === "keepAliveFires")!.samples
      .flat();
    assert(fires.length >= 2);
    assert(fires.every((n) => n === 0), `${c.id}: ${fires}`);
  }
});
