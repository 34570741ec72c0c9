import { assert, assertEquals, assertThrows } from "@std/assert";
import { planJobs } from "../lib/runner/mod.ts";
import { resolveSuites } from "../lib/cli/_suites.ts";
import { serverCycling, sseStream } from "./network/mod.ts";
import { builtinSuites } from "./mod.ts";

const jobsBySuite = (set: "tour" | "full") => {
  const counts = new Map<string, number>();
  for (const job of planJobs(builtinSuites(set))) {
    counts.set(job.suite.name, (counts.get(job.suite.name) ?? 0) + 1);
  }
  return counts;
};

Deno.test("the tour runs every built-in suite, each with no more cases than its full defaults", () => {
  const tour = jobsBySuite("tour");
  const full = jobsBySuite("full");
  assertEquals([...tour.keys()], [...full.keys()]);
  for (const [name, n] of tour) assert(n <= full.get(name)!, name);
  const total = (m: Map<string, number>) =>
    [...m.values()].reduce((a, b) => a + b, 0);
  assert(total(tour) < total(full) * 0.7, `${total(tour)} of ${total(full)}`);
  assertThrows(
    () => builtinSuites("all" as "full"),
    RangeError,
    'set must be "tour" or "full"',
  );
});

Deno.test("no suite named means the tour; a built-in suite named runs with its full defaults", async () => {
  const tour = await resolveSuites([]);
  assertEquals(
    planJobs(tour).length,
    planJobs(builtinSuites("tour")).length,
  );
  const named = await resolveSuites(["network/sse_stream"]);
  assertEquals(planJobs(named).length, planJobs([sseStream()]).length);
  assertEquals(
    planJobs(await resolveSuites([], "full")).length,
    [
      ...jobsBySuite("full").values(),
    ].reduce((a, b) => a + b, 0),
  );
});

Deno.test("the axes the tour trims are options that validate", () => {
  assertEquals(planJobs([serverCycling({ inflight: [true] })]).length, 9);
  assertThrows(
    () => serverCycling({ inflight: [] }),
    RangeError,
    "inflight must be a non-empty list of distinct booleans",
  );
  assertEquals(
    planJobs([sseStream({ yieldFirst: [false], warmup: [true] })]).length,
    2,
  );
  assertThrows(
    () => sseStream({ warmup: ["yes" as unknown as boolean] }),
    RangeError,
    'warmup must be a non-empty list of distinct booleans, got ["yes"]',
  );
});
