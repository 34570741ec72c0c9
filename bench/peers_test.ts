import {
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { createRandom } from "../lib/stats/mod.ts";
import {
  centreSpread,
  coverage,
  DEFAULT_RUNS,
  formatNs,
  formatRows,
  medianCentre,
  parseDenoBench,
  parseLooplab,
  parseMitata,
  parsePeersArgs,
  parseTinybench,
  peerRows,
  rangeOverMedian,
  roundOrder,
  type RunReadings,
  TOOLS,
} from "./peers.ts";

// Outputs of one real run of each peer here (2026-12-02), trimmed to the
// fields read plus a few beside them.
const LOOPLAB = JSON.stringify({
  schemaVersion: 3,
  kind: "run",
  cases: [
    {
      id: "peers/sum",
      case: "sum",
      status: "passed",
      metrics: [{
        name: "time",
        unit: "ns",
        analysis: {
          summary: { median: 336.26866883115525 },
          centre: {
            point: 336.26866883115525,
            lower: 335.23781414616815,
            upper: 394.47379053307884,
            level: 0.95,
          },
        },
      }],
    },
    {
      id: "peers/await",
      case: "await",
      status: "passed",
      metrics: [{
        name: "time",
        analysis: {
          centre: {
            point: 96.48750000000713,
            lower: 64.48060193217425,
            upper: 107.05964018807526,
          },
        },
      }],
    },
    { id: "peers/timeout", case: "timeout", status: "failed", metrics: [] },
  ],
});

const MITATA =
  '{"layout":[{"name":null,"types":[]}],"benchmarks":[{"kind":"static","args":{},"alias":"sum","group":0,"baseline":false,"runs":[{"stats":{"kind":"fn","debug":"","samples":null,"min":379.9999990463257,"max":3142377,"p50":391,"avg":448.3802054619753,"ticks":841616},"args":{},"name":"sum"}]},{"kind":"static","args":{},"alias":"timeout","group":0,"baseline":false,"runs":[{"stats":{"kind":"fn","debug":"","samples":null,"min":1136788,"p50":2159571,"avg":2149530.1666666907,"ticks":318},"args":{},"name":"timeout"}]}],"context":{"runtime":"deno","cpu":{"name":"AMD EPYC"}}}';

const TINYBENCH =
  '[{"name":"sum","state":"completed","latency":{"mean":0.00044852483638929,"rme":1.691156558492779,"samplesCount":2229531}},{"name":"await","state":"errored","latency":null}]';

const DENO_BENCH = `{
  "version": 1,
  "runtime": "Deno/2.9.6 x86_64-unknown-linux-gnu",
  "cpu": "AMD EPYC",
  "benches": [
    {
      "origin": "file:///work/wt/peers/bench/_peers_deno_bench.ts",
      "group": null,
      "name": "await",
      "baseline": false,
      "results": [
        {
          "ok": {
            "n": 353,
            "min": 55.0289,
            "max": 265.3354,
            "avg": 146.5905388101983,
            "p75": 76.4856,
            "highPrecision": false,
            "usedExplicitTimers": false
          }
        }
      ]
    },
    {
      "origin": "file:///work/wt/peers/bench/_peers_deno_bench.ts",
      "group": null,
      "name": "timeout",
      "baseline": false,
      "results": [{ "failed": "Error: boom" }]
    }
  ]
}`;

Deno.test("looplab: each passed case's centre and its CI, failed cases left out", () => {
  assertEquals(parseLooplab(LOOPLAB), {
    sum: {
      centreNs: 336.26866883115525,
      interval: { lowerNs: 335.23781414616815, upperNs: 394.47379053307884 },
    },
    await: {
      centreNs: 96.48750000000713,
      interval: { lowerNs: 64.48060193217425, upperNs: 107.05964018807526 },
    },
  });
});

Deno.test("looplab: a centre without a point is an error naming the field", () => {
  const broken = LOOPLAB.replace('"point":336.26866883115525,', "");
  assertThrows(
    () => parseLooplab(broken),
    Error,
    "cases[0].metrics.time.analysis.centre.point must be a positive number",
  );
});

Deno.test("mitata: each benchmark's avg, no interval", () => {
  assertEquals(parseMitata(MITATA), {
    sum: { centreNs: 448.3802054619753 },
    timeout: { centreNs: 2149530.1666666907 },
  });
});

Deno.test("mitata: text that is not JSON is an error naming the tool", () => {
  assertThrows(
    () => parseMitata("clk: ~2.71 GHz"),
    Error,
    "mitata output is not JSON",
  );
});

Deno.test("tinybench: mean in ms becomes ns, its interval mean × (1 ± rme/100)", () => {
  const { sum, await: awaited } = parseTinybench(TINYBENCH);
  assertEquals(awaited, undefined);
  assertAlmostEquals(sum!.centreNs, 448.52483638929, 1e-9);
  // 448.52483638929 × (1 ∓ 0.01691156558492779)
  assertAlmostEquals(sum!.interval!.lowerNs, 440.939579202224, 1e-9);
  assertAlmostEquals(sum!.interval!.upperNs, 456.110093576356, 1e-9);
});

Deno.test("tinybench: a negative rme is an error naming the task", () => {
  assertThrows(
    () => parseTinybench(TINYBENCH.replace("1.691156558492779", "-1")),
    Error,
    "[0].latency.rme must be a number ≥ 0",
  );
});

Deno.test("Deno.bench: each bench's avg; a failed bench is left out", () => {
  assertEquals(parseDenoBench(DENO_BENCH), {
    await: { centreNs: 146.5905388101983 },
  });
});

Deno.test("centre spread is max/min − 1; the range over the median beside it", () => {
  const centres = [130, 100, 120, 110];
  assertAlmostEquals(centreSpread(centres), 0.3, 1e-12);
  assertEquals(medianCentre(centres), 115);
  assertAlmostEquals(rangeOverMedian(centres), 30 / 115, 1e-12);
  assertEquals(medianCentre([3, 1, 2]), 2);
  assertEquals(centreSpread([5]), 0);
});

Deno.test("no centres, or a centre that is not positive, is refused", () => {
  assertThrows(() => centreSpread([]), RangeError, "no centres");
  assertThrows(() => medianCentre([1, 0]), RangeError, "got 0");
});

Deno.test("coverage counts intervals holding the target, ends included", () => {
  const readings = [
    { centreNs: 1, interval: { lowerNs: 90, upperNs: 100 } },
    { centreNs: 1, interval: { lowerNs: 100, upperNs: 110 } },
    { centreNs: 1, interval: { lowerNs: 101, upperNs: 110 } },
    { centreNs: 1 },
  ];
  assertEquals(coverage(readings, 100), { covered: 2, intervals: 3 });
  assertEquals(coverage([{ centreNs: 1 }], 1), { covered: 0, intervals: 0 });
});

const RUNS: Record<(typeof TOOLS)[number], RunReadings[]> = {
  looplab: [
    { sum: { centreNs: 100, interval: { lowerNs: 95, upperNs: 105 } } },
    { sum: { centreNs: 110, interval: { lowerNs: 108, upperNs: 112 } } },
    { sum: { centreNs: 104, interval: { lowerNs: 90, upperNs: 120 } } },
  ],
  mitata: [{ sum: { centreNs: 200 }, timeout: { centreNs: 2e6 } }],
  tinybench: [],
  "Deno.bench": [{ await: { centreNs: 80 } }, { await: { centreNs: 120 } }],
};

Deno.test("rows: one per workload and tool with readings, in table order", () => {
  const rows = peerRows(RUNS);
  assertEquals(
    rows.map((r) => `${r.workload} ${r.tool} ${r.runs}`),
    ["sum looplab 3", "sum mitata 1", "await Deno.bench 2", "timeout mitata 1"],
  );
  const looplab = rows[0];
  assertEquals(looplab.centresNs, [100, 110, 104]);
  assertEquals(looplab.medianNs, 104);
  assertAlmostEquals(looplab.spread, 0.1, 1e-12);
  assertAlmostEquals(looplab.rangeOverMedian, 10 / 104, 1e-12);
  assertEquals([looplab.covered, looplab.intervals], [2, 3]);
  assertEquals(rows[2].medianNs, 100);
  assertEquals([rows[2].covered, rows[2].intervals], [0, 0]);
});

Deno.test("the table aligns its columns and says when a tool has no interval", () => {
  assertEquals(
    formatRows(peerRows(RUNS)).split("\n"),
    [
      "workload                 tool        runs  median of centres            centres min … max  spread (max/min−1)  (max−min)/median  own interval covers median",
      "sum 1..1000              looplab        3           104.0 ns          100.0 ns … 110.0 ns               10.0%              9.6%                         2/3",
      "sum 1..1000              mitata         1           200.0 ns          200.0 ns … 200.0 ns                0.0%              0.0%                 no interval",
      "await Promise.resolve()  Deno.bench     2           100.0 ns           80.0 ns … 120.0 ns               50.0%             40.0%                 no interval",
      "setTimeout(0)            mitata         1       2,000,000 ns  2,000,000 ns … 2,000,000 ns                0.0%              0.0%                 no interval",
    ],
  );
  assertEquals(formatNs(999.94), "999.9 ns");
  assertEquals(formatNs(1234.5), "1,235 ns");
});

Deno.test("each round's order is a permutation of the tools, repeatable from the seed, and shuffled", () => {
  const random = createRandom(7);
  const again = createRandom(7);
  const firsts = new Set<string>();
  for (let round = 0; round < 50; round++) {
    const order = roundOrder(random);
    assertEquals([...order].sort(), [...TOOLS].sort());
    assertEquals(roundOrder(again), order);
    firsts.add(order[0]);
  }
  assertEquals(firsts.size, TOOLS.length);
  assertNotEquals(roundOrder(createRandom(1)), [...TOOLS]);
});

Deno.test("arguments: defaults, --runs, --seed, --json; bad input is refused", () => {
  assertEquals(parsePeersArgs([], 42), {
    runs: DEFAULT_RUNS,
    seed: 42,
    json: false,
  });
  assertEquals(parsePeersArgs(["--runs", "3", "--seed", "9", "--json"], 42), {
    runs: 3,
    seed: 9,
    json: true,
  });
  assertThrows(
    () => parsePeersArgs(["--runs", "0"], 1),
    Error,
    '--runs must be a whole number ≥ 1, got "0"',
  );
  assertThrows(
    () => parsePeersArgs(["--forks", "3"], 1),
    Error,
    'unknown argument "--forks"',
  );
});
