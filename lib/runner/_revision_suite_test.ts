// A suite rebuilt from its shape under another name runs the real suite's
// code once loaded, and says so when it is asked to run before that.
import { assertEquals, assertRejects } from "@std/assert";
import { revisionSuite, suiteShape } from "./_revision_suite.ts";
import { run } from "./run.ts";
import { bench, defineSuite, experiment } from "./suite.ts";

const calls: string[] = [];

export const real = defineSuite({
  name: "real",
  params: { n: [1, 2] },
  cases: [
    bench("loop", ({ n }) => () => n, {
      teardown: ({ n }) => void calls.push(`bench teardown ${n}`),
    }),
    experiment(
      "value",
      { value: { unit: "count", direction: "smaller" } },
      (ctx) => ctx.record("value", 10 * (ctx.params.n as number)),
      {
        repetitions: { min: 2, max: 2 },
        setup: ({ n }) => void calls.push(`experiment setup ${n}`),
      },
    ),
  ],
  comparisons: [],
  load: () => {
    calls.push("load");
    return Promise.resolve();
  },
  setup: ({ n }) => void calls.push(`suite setup ${n}`),
});

Deno.test("a suite rebuilt from its shape runs under its new name with the real suite's code", async () => {
  const shape = suiteShape(real);
  assertEquals(JSON.parse(JSON.stringify(shape)), shape);
  assertEquals(shape.hooks, { load: true, setup: true, teardown: false });
  const proxy = revisionSuite({ origin: real.origin, shape, as: "base:real" });
  assertEquals(proxy.name, "base:real");
  assertEquals(proxy.cases.map((c) => [c.kind, c.name]), [
    ["bench", "loop"],
    ["experiment", "value"],
  ]);
  calls.length = 0;
  const artifact = await run([proxy], {
    inProcess: true,
    forks: 1,
    timeMs: 20,
    filter: "value",
  });
  assertEquals(artifact.cases.map((c) => [c.id, c.status]), [
    ["base:real/value[n=1]", "passed"],
    ["base:real/value[n=2]", "passed"],
  ]);
  assertEquals(
    artifact.cases.map((c) => c.metrics[0].samples.flat()),
    [[10, 10], [20, 20]],
  );
  // The real hooks ran, at each parameter value (in the round's order).
  assertEquals(calls.filter((c) => c !== "load").sort(), [
    "experiment setup 1",
    "experiment setup 2",
    "suite setup 1",
    "suite setup 2",
  ]);
  // Before its load, a stand-in says where its code runs.
  const cold = revisionSuite({ origin: real.origin, shape, as: "x" });
  await assertRejects(
    async () => await cold.setup!({ n: 1 }),
    Error,
    'suite "real" of',
  );
});

Deno.test("a rebuilt suite whose real suite no longer matches its listing refuses to load, naming what differs", async () => {
  const shape = suiteShape(real);
  const stale = { ...shape, cases: shape.cases.slice(0, 1) };
  const proxy = revisionSuite({ origin: real.origin, shape: stale, as: "x" });
  await assertRejects(
    async () => await proxy.load!(),
    Error,
    'suite "real" of ' + real.origin.module +
      " is not the one its listing read: its cases differ",
  );
});
