// These tests run each suite in quick mode in a fork and check what it
// yields (metrics, units, completed cases, no leaks) — never how fast.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import {
  accumulatorComplexity,
  broadcastCapacity,
  remoteThroughput,
  slowConsumer,
  streamHighWaterMark,
} from "./mod.ts";

function metricsOf(
  artifact: Awaited<ReturnType<typeof run>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of artifact.cases) {
    for (const m of c.metrics) out[m.name] = m.unit;
  }
  return out;
}

Deno.test("options are validated with messages that name the option", () => {
  assertThrows(
    () => remoteThroughput({ buffers: [-1] }),
    RangeError,
    "buffers",
  );
  assertThrows(
    // @ts-expect-error: a mode from untyped callers
    () => remoteThroughput({ modes: ["fast"] }),
    RangeError,
    'unknown mode "fast"',
  );
  assertThrows(
    () => streamHighWaterMark({ highWaterMarks: [0] }),
    RangeError,
    "highWaterMarks",
  );
  assertThrows(
    // @ts-expect-error: a policy from untyped callers
    () => slowConsumer({ policies: ["drop-all"] }),
    RangeError,
    'unknown policy "drop-all"',
  );
  assertThrows(
    () => broadcastCapacity({ capacity: 0 }),
    RangeError,
    "capacity",
  );
  assertThrows(() => accumulatorComplexity({ rows: [0] }), RangeError, "rows");
});

Deno.test("remote_throughput: every mode completes over loopback, replies in order, no socket left", async () => {
  const a = await run([remoteThroughput({ buffers: [0, 8], messages: 200 })], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 6, passed: 6, failed: 0 });
  assertEquals(metricsOf(a), {
    throughput: "msg/s",
    roundTrip: "µs",
    outOfOrder: "count",
  });
  for (const c of a.cases) {
    const ooo = c.metrics.find((m) => m.name === "outOfOrder")!.samples.flat();
    assert(ooo.every((x) => x === 0), `${c.id} replies out of order`);
    const rt = c.metrics.find((m) => m.name === "roundTrip")!.samples.flat();
    assertEquals(rt.length % 200, 0); // one round trip per message
  }
  assertEquals(a.sweeps.map((s) => s.case), ["sync", "async", "iorder"]);
  assertEquals(
    a.comparisons.map((c) => [c.base.split("/")[2], c.candidate.split("/")[2]]),
    [
      ["sync[buffer=0]", "async[buffer=0]"],
      ["sync[buffer=8]", "async[buffer=8]"],
      ["async[buffer=0]", "iorder[buffer=0]"],
      ["async[buffer=8]", "iorder[buffer=8]"],
    ],
  );
});

Deno.test("stream_high_water_mark: a pull source never runs more than the mark ahead; the push source does", async () => {
  const a = await run([
    streamHighWaterMark({ highWaterMarks: [1, 8], chunks: 200 }),
  ], { quick: true });
  assertEquals(a.summary.failed, 0);
  for (const c of a.cases) {
    const max = Math.max(
      ...c.metrics.find((m) => m.name === "maxInFlight")!.samples.flat(),
    );
    const hwm = Number(c.params.highWaterMark);
    if (c.case === "pull") assert(max <= hwm, `${c.id}: ${max} in flight`);
    else assert(max > 100, `${c.id}: ${max} in flight`);
  }
  assertEquals(a.comparisons.length, 2);
});

Deno.test("slow_consumer: drop policies lose items, block and unbounded lose none", async () => {
  const a = await run([
    slowConsumer({ items: 600, stallEvery: 100, stallMs: 3 }),
  ], { quick: true });
  assertEquals(a.summary.failed, 0);
  const lost = (policy: string) =>
    a.cases.find((c) => c.case === policy)!.metrics.find((m) =>
      m.name === "lost"
    )!
      .samples.flat();
  assert(lost("block").every((x) => x === 0));
  assert(lost("unbounded").every((x) => x === 0));
  assert(lost("drop-newest").some((x) => x > 0));
  assert(lost("drop-oldest").some((x) => x > 0));
  assertEquals(metricsOf(a).endToEnd, "ms");
  // Three policies against "block", on items lost and end-to-end latency.
  assertEquals(a.comparisons.length, 6);
});

Deno.test("broadcast_capacity: the lagging receiver loses exactly N − C events", async () => {
  const a = await run([
    broadcastCapacity({ capacity: 32, events: [16, 32, 64], runsPerSample: 5 }),
  ], {
    quick: true,
  });
  assertEquals(a.summary.failed, 0);
  for (const c of a.cases) {
    const lagged = c.metrics.find((m) => m.name === "lagged")!.samples.flat();
    const expected = Math.max(0, Number(c.params.events) - 32);
    assert(
      lagged.every((x) => x === expected),
      `${c.id}: ${lagged[0]} ≠ ${expected}`,
    );
  }
  assertEquals(a.sweeps.length, 1);
});

Deno.test("accumulator_complexity: both cases run at every size, compared and swept", async () => {
  const a = await run([accumulatorComplexity({ rows: [100, 400, 1600] })], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 6, passed: 6, failed: 0 });
  assertEquals(a.comparisons.length, 3);
  assertEquals(a.sweeps.map((s) => s.case), ["recompute", "accumulate"]);
  assertEquals(a.sweeps[0].points.map((p) => p.x), [100, 400, 1600]);
});
