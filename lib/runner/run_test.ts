// These tests start real forks (`deno run` processes), so they need
// --allow-run, --allow-read and, for the listener cases, --allow-net.
// Budgets are tiny: the tests check what happened, never how fast.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { UNIT_SEPARATOR } from "../artifact/types.ts";
import type {
  Artifact,
  CaseRecord,
  FailureRecord,
  MetricRecord,
} from "../artifact/types.ts";
import {
  BUILD_ERROR,
  CRASH_CODE,
  CRASH_LAST_WORDS,
  failingSuite,
  HANG_TIMEOUT_MS,
  RUN_ERROR,
} from "../../fixtures/runner/failing_suite.ts";
import {
  paramsSuite,
  REPETITIONS,
  scaledSuite,
} from "../../fixtures/runner/params_suite.ts";
import { type ProgressEvent, run } from "./run.ts";
import { bench, defineSuite, experiment } from "./suite.ts";
import { calibration } from "../../suites/calibration/mod.ts";
import { REVISIONS } from "../../fixtures/report/revisions.ts";

const TIME_MS = 60;

interface Observed {
  artifact: Artifact;
  events: ProgressEvent[];
}

async function observe(
  ...args: Parameters<typeof run>
): Promise<Observed> {
  const events: ProgressEvent[] = [];
  const artifact = await run(args[0], {
    ...args[1],
    onProgress: (event) => events.push(event),
  });
  return { artifact, events };
}

// Each suite runs once for the file; the first test to ask waits for the
// whole run, so no fork outlives the test that started it.
let failures: Promise<Observed> | undefined;
const failuresRun = () =>
  failures ??= observe([failingSuite], { forks: 2, timeMs: TIME_MS });

let params: Promise<Observed> | undefined;
const paramsRun = () =>
  params ??= observe([paramsSuite], { forks: 2, timeMs: TIME_MS });

// @std/assert comes from npm without assertion signatures, so these
// helpers narrow by throwing.

function caseOf(artifact: Artifact, id: string): CaseRecord {
  const found = artifact.cases.find((c) => c.id === id);
  if (found === undefined) {
    throw new Error(`no case ${id} among ${artifact.cases.map((c) => c.id)}`);
  }
  return found;
}

function metricOf(c: CaseRecord, name: string): MetricRecord {
  const found = c.metrics.find((m) => m.name === name);
  if (found === undefined) throw new Error(`${c.id} has no metric ${name}`);
  return found;
}

function failureOf(artifact: Artifact, name: string): FailureRecord {
  const c = caseOf(artifact, `fixture-failures/${name}`);
  assertEquals(c.status, "failed");
  if (c.failure === null) throw new Error(`${c.id} has no failure record`);
  return c.failure;
}

Deno.test("a bench whose build throws fails as threw, with the error's message and the fork's stack", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "throws");
  assertEquals(failure.kind, "threw");
  assertEquals(failure.message, `Error: ${BUILD_ERROR}`);
  assertEquals(failure.fork, 0);
  assertStringIncludes(
    failure.detail ?? "",
    "fixtures/runner/failing_suite.ts",
  );
});

Deno.test("an experiment whose run throws fails as threw, with the error's message", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "throws-in-run");
  assertEquals(failure.kind, "threw");
  assertEquals(failure.message, `Error: ${RUN_ERROR}`);
});

Deno.test("recording an undeclared metric fails the case, naming the metric and the declared ones", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "undeclared-metric");
  assertEquals(failure.kind, "threw");
  assertStringIncludes(failure.message, 'metric "undeclared"');
  assertStringIncludes(failure.message, "declared: opened");
});

Deno.test("a case awaiting forever fails as timeout when its own timeout fires in the fork", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "hangs");
  assertEquals(failure.kind, "timeout");
  assertEquals(
    failure.message,
    `did not finish within its ${HANG_TIMEOUT_MS} ms timeout`,
  );
});

Deno.test("a case spinning synchronously fails as timeout: the parent kills its fork", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "sync-hang");
  assertEquals(failure.kind, "timeout");
  assertStringIncludes(failure.message, `${HANG_TIMEOUT_MS} ms timeout`);
  assertStringIncludes(failure.message, "was killed");
});

Deno.test("a fork that exits fails as crash, naming the exit code and keeping its stderr", async () => {
  const { artifact } = await failuresRun();
  const failure = failureOf(artifact, "crashes");
  assertEquals(failure.kind, "crash");
  assertStringIncludes(failure.message, `exited with code ${CRASH_CODE}`);
  assertStringIncludes(failure.detail ?? "", CRASH_LAST_WORDS);
});

Deno.test("a case leaving an interval or a listener open fails as leak, naming what it left", async () => {
  const { artifact } = await failuresRun();
  const interval = failureOf(artifact, "leaks-interval");
  assertEquals(interval.kind, "leak");
  assertEquals(interval.message, "left 1 interval behind after teardown");
  const listener = failureOf(artifact, "leaks-listener");
  assertEquals(listener.kind, "leak");
  assertEquals(listener.message, "left 1 listener behind after teardown");
});

Deno.test("a case that closes its listener and clears its timers passes every fork", async () => {
  const { artifact } = await failuresRun();
  const c = caseOf(artifact, "fixture-failures/clean-listener");
  assertEquals(c.status, "passed");
  assertEquals(c.failure, null);
  assertEquals(c.forks.map((f) => [f.status, f.repetitions]), [
    ["passed", 2],
    ["passed", 2],
  ]);
  assertEquals(c.metrics[0].samples, [[1, 1], [1, 1]]);
});

Deno.test("failing cases do not stop the others: the passing bench still runs every fork", async () => {
  const { artifact } = await failuresRun();
  const ok = caseOf(artifact, "fixture-failures/ok");
  assertEquals(ok.status, "passed");
  assertEquals(ok.forks.map((f) => f.status), ["passed", "passed"]);
  const time = metricOf(ok, "time");
  assert(time.analysis !== null, "the passing bench has no analysis");
  for (const fork of time.samples) {
    assert(fork.length >= artifact.config.minSamples, `${fork.length} samples`);
    assert(fork.every((ns) => ns > 0), "a sample is not a positive time");
  }
});

Deno.test("a case that fails in its first fork runs no more forks", async () => {
  const { artifact } = await failuresRun();
  for (const c of artifact.cases.filter((c) => c.failure?.fork === 0)) {
    assertEquals(c.forks.map((f) => f.status), ["failed"], c.id);
  }
});

Deno.test("a failure in the second fork is recorded with that fork's index, keeping the first fork's samples", async () => {
  const { artifact } = await failuresRun();
  const c = caseOf(artifact, "fixture-failures/throws-in-second-fork");
  assertEquals(c.status, "failed");
  assertEquals(c.failure?.kind, "threw");
  assertEquals(c.failure?.message, `Error: ${RUN_ERROR}`);
  assertEquals(c.failure?.fork, 1);
  assertEquals(c.forks.map((f) => f.status), ["passed", "failed"]);
  assertEquals(c.metrics[0].samples, [[1]]);
});

Deno.test("the summary counts every planned case, passed and failed", async () => {
  const { artifact } = await failuresRun();
  assertEquals(artifact.summary, { cases: 11, passed: 2, failed: 9 });
});

Deno.test("progress reports each case once, failed ones with their reason", async () => {
  const { artifact, events } = await failuresRun();
  const reported = events.filter((e) => e.type === "case");
  assertEquals(
    reported.map((e) => e.id).sort(),
    artifact.cases.map((c) => c.id).sort(),
  );
  for (const c of artifact.cases) {
    const event = reported.find((e) => e.id === c.id);
    assertEquals(event?.status, c.status, c.id);
    assertEquals(event?.message, c.failure?.message ?? "", c.id);
  }
});

Deno.test("an experiment records its parameter in every fork of every combination", async () => {
  const { artifact } = await paramsRun();
  for (const n of [1, 2, 3]) {
    const c = caseOf(artifact, `fixture-params/echo[n=${n}]`);
    assertEquals(c.status, "passed");
    assertEquals(c.params, { n });
    const sameN = Array(REPETITIONS).fill(n);
    assertEquals(metricOf(c, "value").samples, [sameN, sameN]);
  }
});

Deno.test("each fork is told its own index", async () => {
  const { artifact } = await paramsRun();
  const c = caseOf(artifact, "fixture-params/echo[n=2]");
  assertEquals(metricOf(c, "fork").samples, [
    Array(REPETITIONS).fill(0),
    Array(REPETITIONS).fill(1),
  ]);
});

Deno.test("a bench case runs once per parameter combination, timing every fork", async () => {
  const { artifact } = await paramsRun();
  for (const n of [1, 2, 3]) {
    const c = caseOf(artifact, `fixture-params/sum[n=${n}]`);
    assertEquals(c.status, "passed");
    assertEquals(c.forks.length, 2);
    for (const fork of c.forks) assert((fork.iterationsPerSample ?? 0) >= 1);
    const time = metricOf(c, "time");
    assertEquals(time.unit, "ns");
    assertEquals(time.samples.length, 2);
  }
  assertEquals(artifact.summary, { cases: 9, passed: 9, failed: 0 });
});

Deno.test("a fork timed in batches, or an experiment's, subtracted no clock cost: clockCostNs is null", async () => {
  const { artifact } = await paramsRun();
  const forks = artifact.cases.flatMap((c) => c.forks);
  assertEquals(forks.length, 18);
  assertEquals(forks.filter((f) => f.clockCostNs !== null), []);
  assertEquals(artifact.skipped, []);
});

Deno.test("a declared comparison pairs the cases at each parameter value", async () => {
  const { artifact } = await paramsRun();
  // double records 2n where echo records n: the ratio is exactly 2.
  assertEquals(
    artifact.comparisons.map((c) => [c.source, c.base, c.candidate, c.metric]),
    [1, 2, 3].map((n) => [
      "declared",
      `fixture-params/echo[n=${n}]`,
      `fixture-params/double[n=${n}]`,
      "value",
    ]),
  );
  for (const c of artifact.comparisons) {
    // exp(log 2n − log n): exact up to rounding.
    for (const x of [c.ratio.point, c.ratio.lower, c.ratio.upper]) {
      assertAlmostEquals(x, 2, 1e-12);
    }
    assertEquals(c.test, "paired t on log fork medians");
    assertEquals(c.verdict, c.direction === "bigger" ? "faster" : "slower");
  }
});

Deno.test("a declared sweep is the metric's centre at each value of the axis", async () => {
  const { artifact } = await paramsRun();
  assertEquals(artifact.sweeps.length, 1);
  const sweep = artifact.sweeps[0];
  assertEquals([sweep.case, sweep.param, sweep.metric], ["echo", "n", "value"]);
  assertEquals(
    sweep.points.map((p) => [p.x, p.centre, p.lower, p.upper]),
    [[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]],
  );
});

Deno.test("a fork rebuilds a factory's suite with the options it was made with", async () => {
  const artifact = await run([scaledSuite({ factor: 5 })], {
    forks: 1,
    timeMs: TIME_MS,
  });
  // Without the options the fork would find no case "times-5", or record 7.
  const c = caseOf(artifact, "fixture-scaled/times-5");
  assertEquals(c.status, "passed", c.failure?.message);
  assertEquals(c.metrics[0].samples, [[35]]);
});

Deno.test("a suite its module does not export fails as invalid, saying it must be exported", async () => {
  const hidden = defineSuite(
    {
      name: "fixture-hidden",
      cases: [experiment("never-found", {}, () => {})],
    },
    new URL("../../fixtures/runner/params_suite.ts", import.meta.url).href,
  );
  const artifact = await run([hidden], { forks: 2, timeMs: TIME_MS });
  const c = caseOf(artifact, "fixture-hidden/never-found");
  assertEquals(c.status, "failed");
  assertEquals(c.failure?.kind, "invalid");
  assertStringIncludes(
    c.failure?.message ?? "",
    'a suite named "fixture-hidden"',
  );
  assertStringIncludes(c.failure?.message ?? "", "must be exported");
  assertEquals(c.forks.length, 1);
});

Deno.test("a text filter runs only the cases whose id contains it", async () => {
  const artifact = await run([paramsSuite], {
    forks: 1,
    timeMs: TIME_MS,
    filter: "double[n=2]",
  });
  assertEquals(artifact.cases.map((c) => c.id), ["fixture-params/double[n=2]"]);
  assertEquals(artifact.config.filter, "double[n=2]");
  // The comparison's base was filtered out, so there is nothing to compare.
  assertEquals(artifact.comparisons, []);
});

Deno.test("a /regex/ filter runs only the cases whose id matches it", async () => {
  const artifact = await run([paramsSuite], {
    forks: 1,
    timeMs: TIME_MS,
    filter: "/echo\\[n=[13]\\]$/",
  });
  assertEquals(artifact.cases.map((c) => [c.id, c.status]), [
    ["fixture-params/echo[n=1]", "passed"],
    ["fixture-params/echo[n=3]", "passed"],
  ]);
});

Deno.test("a filter matching nothing runs nothing", async () => {
  const artifact = await run([paramsSuite, failingSuite], {
    timeMs: TIME_MS,
    filter: "no-such-case",
  });
  assertEquals(artifact.cases, []);
  assertEquals(artifact.summary, { cases: 0, passed: 0, failed: 0 });
});

Deno.test("a suite's skipped cases are recorded with their escaped ids, those the filter keeps", async () => {
  // The filters below keep no case that runs, so no fork rebuilds this suite.
  const suite = defineSuite({
    name: "fixture-skipped",
    cases: [
      experiment(
        "fast",
        { value: { unit: "count", direction: "smaller" } },
        () => {},
      ),
    ],
    skipped: [
      { name: "slow one/x", reason: "ignored" },
      { name: "solo", reason: "not only" },
    ],
  });
  const both = await run([suite], { timeMs: TIME_MS, filter: "/\\/s/" });
  assertEquals(both.cases, []);
  assertEquals(both.skipped, [
    {
      id: "fixture-skipped/slow one%2Fx",
      suite: "fixture-skipped",
      case: "slow one/x",
      reason: "ignored",
    },
    {
      id: "fixture-skipped/solo",
      suite: "fixture-skipped",
      case: "solo",
      reason: "not only",
    },
  ]);
  const one = await run([suite], { timeMs: TIME_MS, filter: "solo" });
  assertEquals(one.skipped.map((s) => s.case), ["solo"]);
  const none = await run([suite], { timeMs: TIME_MS, filter: "no-such-case" });
  assertEquals(none.skipped, []);
});

Deno.test("run refuses bad options and clashing suite names before starting a fork", async () => {
  await assertRejects(
    () => run([paramsSuite], { forks: 0 }),
    RangeError,
    "forks must be an integer ≥ 1, got 0",
  );
  await assertRejects(
    () => run([paramsSuite], { timeMs: -1 }),
    RangeError,
    "time must be a positive number of ms, got -1",
  );
  await assertRejects(
    () => run([paramsSuite], { filter: "/(/" }),
    TypeError,
    "is not a valid regular expression",
  );
  await assertRejects(
    () => run([paramsSuite, paramsSuite]),
    TypeError,
    'two suites are named "fixture-params"',
  );
});

// The in-process tests come last: in-process mode installs the leak tracker
// in this process, wrapping its timers and network APIs from then on.

Deno.test("in-process mode runs a passing case in this process, fork by fork", async () => {
  const artifact = await run([paramsSuite], {
    forks: 2,
    timeMs: TIME_MS,
    inProcess: true,
    filter: "echo[n=2]",
  });
  assertEquals(artifact.config.inProcess, true);
  const c = caseOf(artifact, "fixture-params/echo[n=2]");
  assertEquals(c.status, "passed", c.failure?.message);
  const sameN = Array(REPETITIONS).fill(2);
  assertEquals(metricOf(c, "value").samples, [sameN, sameN]);
  assertEquals(metricOf(c, "fork").samples, [
    Array(REPETITIONS).fill(0),
    Array(REPETITIONS).fill(1),
  ]);
});

Deno.test("in-process mode records a throwing case as threw and goes on", async () => {
  const artifact = await run([failingSuite], {
    forks: 2,
    timeMs: TIME_MS,
    inProcess: true,
    filter: "/throws|^fixture-failures\\/ok$/",
  });
  assertEquals(
    artifact.cases.map((c) => [c.case, c.status, c.failure?.kind ?? null]),
    [
      ["ok", "passed", null],
      ["throws", "failed", "threw"],
      ["throws-in-run", "failed", "threw"],
      ["throws-in-second-fork", "failed", "threw"],
    ],
  );
});

Deno.test("recordSince records in the metric's time unit and refuses a unit that is not a time", async () => {
  const seconds = { unit: "s", direction: "smaller" } as const;
  const micros = { unit: "µs", direction: "smaller" } as const;
  const count = { unit: "count", direction: "smaller" } as const;
  const suite = defineSuite({
    name: "fixture-record-since",
    cases: [
      experiment("times", { seconds, micros }, (ctx) => {
        // Started 5 ms ago: each value is at least 5 ms in its own unit,
        // and the later call (in µs) at least the earlier one (in s).
        const start = performance.now() - 5;
        const s = ctx.recordSince("seconds", start);
        const us = ctx.recordSince("micros", start);
        if (!(s >= 0.005 && us >= 5_000 && us >= s * 1e6)) {
          throw new Error(`inconsistent: ${s} s, then ${us} µs`);
        }
      }, { repetitions: { min: 1, max: 1 } }),
      experiment("count", { count }, (ctx) => {
        ctx.recordSince("count", performance.now());
      }, { repetitions: { min: 1, max: 1 } }),
    ],
  });
  const artifact = await run([suite], {
    forks: 1,
    timeMs: TIME_MS,
    inProcess: true,
  });
  const times = caseOf(artifact, "fixture-record-since/times");
  assertEquals(times.status, "passed", times.failure?.message);
  const failure = caseOf(artifact, "fixture-record-since/count").failure;
  assertStringIncludes(
    failure?.message ?? "",
    'recordSince needs a time unit (s, ms, us, µs, ns); "count" is in count',
  );
});

Deno.test("run refuses forks and resamples past what an artifact may carry", async () => {
  const suite = defineSuite({
    name: "bounds",
    cases: [experiment("noop", {}, () => {})],
  });
  await assertRejects(
    () => run([suite], { forks: 1001, inProcess: true }),
    RangeError,
    "forks must be at most 1000, what an artifact may record; got 1001",
  );
  await assertRejects(
    () => run([suite], { resamples: 100_001, inProcess: true }),
    RangeError,
    "resamples must be at most 100000, what an artifact may record; got 100001",
  );
});

Deno.test("a fork keeps at most maxSamples of a metric, every stride-th in order, and the analysis reads at most its bound", async () => {
  const value = { unit: "count", direction: "smaller" } as const;
  const suite = defineSuite({
    name: "fixture-many-samples",
    cases: [
      experiment("flood", { value }, (ctx) => {
        for (let i = 0; i < 250_000; i++) ctx.record("value", i);
      }, { repetitions: { min: 1, max: 1 } }),
    ],
  });
  const artifact = await run([suite], {
    forks: 7,
    timeMs: TIME_MS,
    inProcess: true,
  });
  const c = caseOf(artifact, "fixture-many-samples/flood");
  assertEquals(c.status, "passed", c.failure?.message);
  const m = c.metrics[0];
  assertEquals(artifact.config.maxSamples, 10_000);
  assertEquals(m.recorded, new Array(7).fill(250_000));
  // 250,000 values in at most 10,000: one in 32, the first of them kept.
  assertEquals(m.stride, new Array(7).fill(32));
  for (const fork of m.samples) {
    assertEquals(fork.length, 7_813);
    assert(fork.every((x, i) => x === i * 32));
  }
  // Seven forks of 7,813 are past the 50,000 one analysis reads.
  assertEquals(m.analysis?.summary.n, 7 * 3_907);
  assertEquals(m.warnings.slice(0, 2), [
    "1750000 values recorded, more than the 10000 a fork keeps: forks kept one in 32, in order",
    "analysed 27349 of 54691 samples (one in 2 of a fork, in order): the most one analysis reads",
  ]);
});

Deno.test("many forks share the bound on a metric's samples: each keeps fewer", async () => {
  const suite = defineSuite({
    name: "fixture-many-forks",
    cases: [experiment("noop", {}, () => {}, {
      repetitions: { min: 1, max: 1 },
    })],
  });
  const artifact = await run([suite], {
    forks: 400,
    timeMs: 1,
    inProcess: true,
  });
  assertEquals(artifact.config.maxSamples, 2_500);
  await assertRejects(
    () => run([suite], { maxSamples: 100_001, inProcess: true }),
    RangeError,
    "maxSamples must be at most 100000, what an artifact may record; got 100001",
  );
});

Deno.test("recording an undeclared metric named like an Object property says it is not declared", async () => {
  const count = { unit: "count", direction: "smaller" } as const;
  const suite = defineSuite({
    name: "fixture-prototype-names",
    cases: [
      experiment("constructor", { count }, (ctx) => {
        ctx.record("constructor", 1);
      }, { repetitions: { min: 1, max: 1 } }),
      experiment("to-string", { count }, (ctx) => {
        ctx.recordSince("toString", performance.now());
      }, { repetitions: { min: 1, max: 1 } }),
    ],
  });
  const artifact = await run([suite], {
    forks: 1,
    timeMs: TIME_MS,
    inProcess: true,
  });
  assertEquals(
    artifact.cases.map((c) => c.failure?.message),
    [
      'RangeError: case "constructor" recorded metric "constructor", which ' +
      "it does not declare; declared: count",
      'RangeError: case "to-string" recorded metric "toString", which it ' +
      "does not declare; declared: count",
    ],
  );
});

Deno.test("declared bench comparisons are measured interleaved in the same forks, and the artifact records how", async () => {
  const artifact = await run([calibration()], {
    forks: 2,
    timeMs: TIME_MS,
    filter: "/sum(-again|-more)?$/",
  });
  const ids = [
    "calibration/sum",
    "calibration/sum-again",
    "calibration/sum-more",
  ];
  assertEquals(artifact.config.design, "interleaved");
  assertEquals(artifact.groups.length, 1);
  const [group] = artifact.groups;
  assertEquals(group.members, ids);
  assertEquals(group.forks.map((f) => f.index), [0, 1]);
  for (const fork of group.forks) {
    // Every round runs every member once, in some order.
    assert(fork.order.length >= 2);
    for (const round of fork.order) assertEquals([...round].sort(), [0, 1, 2]);
    // Each member's samples in that fork are its blocks, round after round.
    for (const id of ids) {
      const samples = caseOf(artifact, id).metrics[0].samples[fork.index];
      assertEquals(samples.length, fork.order.length * group.blockSamples);
    }
  }
  assertEquals(
    artifact.comparisons.map((c) => [c.candidate, c.design, c.test]),
    [
      [ids[1], "interleaved", "t on interleaved fork log ratios"],
      [ids[2], "interleaved", "t on interleaved fork log ratios"],
    ],
  );
  // Forks report what the host did to them (read from /proc on Linux).
  if (Deno.build.os === "linux") {
    for (const id of ids) {
      for (const f of caseOf(artifact, id).forks) {
        const used = f.interference;
        assert(
          used !== null && used.wallMs > 0 && used.cpuMs >= 0,
          `${id}: ${JSON.stringify(used)}`,
        );
      }
    }
  }
  // The run's schedule: each round ran the group, its one unit, once.
  assertEquals(artifact.schedule, [[ids.join(" ⇄ ")], [ids.join(" ⇄ ")]]);
  const rounds = await run([calibration()], {
    forks: 2,
    timeMs: TIME_MS,
    filter: "/sum(-again|-more)?$/",
    design: "paired-rounds",
  });
  assertEquals(rounds.groups, []);
  assertEquals(
    rounds.comparisons.map((c) => [c.design, c.test]),
    [
      ["paired-rounds", "paired t on log fork medians"],
      ["paired-rounds", "paired t on log fork medians"],
    ],
  );
});

/** Two sides of one case, as two revisions give them: ten, then twenty. */
export const baseSide = defineSuite({
  name: "base:side",
  cases: [
    experiment(
      "work",
      { value: { unit: "ms", direction: "smaller" } },
      (ctx) => ctx.record("value", 10),
      { repetitions: { min: 1, max: 1 } },
    ),
  ],
});
export const candidateSide = defineSuite({
  name: "candidate:side",
  cases: [
    experiment(
      "work",
      { value: { unit: "ms", direction: "smaller" } },
      (ctx) => ctx.record("value", 20),
      { repetitions: { min: 1, max: 1 } },
    ),
  ],
});

Deno.test("pairs across suites are compared by case id, as whole forks in the same rounds, never in one fork", async () => {
  const artifact = await run([baseSide, candidateSide], {
    forks: 3,
    timeMs: TIME_MS,
    pairs: [
      { base: "base:side/work", candidate: "candidate:side/work" },
      // A pair naming a case the run did not plan is left out.
      { base: "base:side/absent", candidate: "candidate:side/work" },
    ],
  });
  assertEquals(
    artifact.comparisons.map((c) => [c.source, c.base, c.candidate]),
    [["declared", "base:side/work", "candidate:side/work"]],
  );
  const [c] = artifact.comparisons;
  assertEquals(c.design, "paired-rounds");
  assertAlmostEquals(c.ratio.point, 2, 1e-12);
  assertEquals(c.verdict, "slower");
  // Each side had its own forks.
  assertEquals(artifact.groups, []);
  // Every round ran each side once, in the order the schedule records.
  assertEquals(artifact.schedule?.length, 3);
  for (const round of artifact.schedule ?? []) {
    assertEquals([...round].sort(), ["base:side/work", "candidate:side/work"]);
  }
  assertEquals(artifact.kind, "run");
  assertEquals(
    [artifact.revisions, artifact.added, artifact.removed],
    [null, [], []],
  );
});

/** Two revisions' bench suites: the candidate does three times the work. */
export const baseBench = defineSuite({
  name: "base:bench",
  cases: [bench("sum", () => () => sumTo(1000))],
});
export const candidateBench = defineSuite({
  name: "candidate:bench",
  cases: [bench("sum", () => () => sumTo(3000))],
});

function sumTo(n: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return s;
}

Deno.test("a pair across suites marked interleave is timed in the same forks, both suites loaded in each, interleaved", async () => {
  const artifact = await run([baseBench, candidateBench], {
    forks: 2,
    timeMs: TIME_MS,
    pairs: [{
      base: "base:bench/sum",
      candidate: "candidate:bench/sum",
      interleave: true,
    }],
  });
  assertEquals(artifact.summary.failed, 0);
  const [c] = artifact.comparisons;
  assertEquals([c.base, c.candidate, c.design], [
    "base:bench/sum",
    "candidate:bench/sum",
    "interleaved",
  ]);
  // One group, both sides; each fork's rounds name both members.
  assertEquals(artifact.groups.map((g) => g.members), [[
    "base:bench/sum",
    "candidate:bench/sum",
  ]]);
  for (const fork of artifact.groups[0].forks) {
    for (const round of fork.order) assertEquals([...round].sort(), [0, 1]);
  }
  // The schedule ran the pair as one unit in each round.
  assertEquals(artifact.schedule, [
    [`base:bench/sum${UNIT_SEPARATOR}candidate:bench/sum`],
    [`base:bench/sum${UNIT_SEPARATOR}candidate:bench/sum`],
  ]);
  // Under the paired-rounds design the same pair gets forks of its own.
  const apart = await run([baseBench, candidateBench], {
    forks: 2,
    timeMs: TIME_MS,
    design: "paired-rounds",
    pairs: [{
      base: "base:bench/sum",
      candidate: "candidate:bench/sum",
      interleave: true,
    }],
  });
  assertEquals(apart.comparisons.map((x) => x.design), ["paired-rounds"]);
  assertEquals(apart.groups, []);
});

/**
 * A candidate whose bench leaves a timer behind in the shared fork (named
 * apart from candidateBench: forks find a suite by its name in its module).
 */
export const leakyCandidate = defineSuite({
  name: "candidate:leaky",
  cases: [bench("sum", () => () => {
    setTimeout(() => {}, 60_000);
    return sumTo(3000);
  })],
});

Deno.test("a shared fork of two revisions that fails as a whole is measured again apart, so the failure is the candidate's alone", async () => {
  const artifact = await run([baseBench, leakyCandidate], {
    forks: 2,
    timeMs: TIME_MS,
    pairs: [{
      base: "base:bench/sum",
      candidate: "candidate:leaky/sum",
      interleave: true,
    }],
  });
  const [base, candidate] = artifact.cases;
  assertEquals([base.id, base.status], ["base:bench/sum", "passed"]);
  assertEquals(base.forks.length, 2);
  assertEquals(candidate.status, "failed");
  assertEquals(candidate.failure?.kind, "leak");
  // The shared fork, then each alone; then the base alone (the candidate
  // failed: it runs no more forks).
  assertEquals(artifact.schedule, [
    [
      `base:bench/sum${UNIT_SEPARATOR}candidate:leaky/sum`,
      "base:bench/sum",
      "candidate:leaky/sum",
    ],
    ["base:bench/sum"],
  ]);
  assertEquals(artifact.groups, []);
  assertEquals(artifact.comparisons, []);
});

Deno.test("a revs run records its kind, revisions, added and removed cases; only a revs run has revisions", async () => {
  const artifact = await run([baseSide, candidateSide], {
    forks: 2,
    timeMs: TIME_MS,
    inProcess: true,
    kind: "revs",
    revisions: REVISIONS,
    added: ["side/new"],
    removed: ["side/old"],
  });
  assertEquals(artifact.kind, "revs");
  assertEquals(artifact.revisions, REVISIONS);
  assertEquals([artifact.added, artifact.removed], [["side/new"], [
    "side/old",
  ]]);
  assertEquals(artifact.schedule?.length, 2);
  for (const round of artifact.schedule ?? []) {
    assertEquals([...round].sort(), ["base:side/work", "candidate:side/work"]);
  }
  await assertRejects(
    () => run([baseSide], { kind: "revs" }),
    RangeError,
    'a "revs" run records its two revisions, and only a "revs" run does: kind "revs" with no revisions',
  );
  await assertRejects(
    () => run([baseSide], { revisions: REVISIONS }),
    RangeError,
    'kind "run" with revisions',
  );
});
