// `soak` through the CLI, in real processes: each built-in workload passes
// and its leaky twin fails, judged on what the soak counted (descriptors,
// threads, timers, bytes), with thresholds set for seconds-long soaks; and
// bad input is refused before anything runs.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { runTask } from "../../fixtures/runner/cli.ts";
import { readSoakArtifact, type SoakRecord } from "../soak/mod.ts";

const cli = runTask;

/**
 * Seconds-long soaks: 200 ms samples (a loaded CI host must not fall an
 * interval behind, which fails a soak), 1.5 s of warm-up, then about 22
 * samples, 15 needed. Memory is judged only where the pair is about memory:
 * a process's first seconds grow its heap whatever it runs.
 */
const SHORT = [
  "--duration",
  "6s",
  "--warmup",
  "1500ms",
  "--interval",
  "200ms",
  "--min-samples",
  "15",
  // Memory as retained: a collection before each sample, so that garbage
  // not yet collected does not read as growth.
  "--gc",
  "--max-rss",
  "1e9",
  "--max-heap",
  "1e9",
  "--max-external",
  "1e9",
  "--min-throughput",
  "-1e9",
];

/** Soaks a built-in workload; returns the exit code and the artifact read back. */
async function soakOf(
  dir: string,
  name: string,
  ...args: string[]
): Promise<{ code: number; record: SoakRecord; stdout: string }> {
  const json = `${dir}/${name}.jsonl`;
  const out = await cli("soak", name, ...SHORT, "--json", json, ...args);
  return {
    code: out.code,
    record: await readSoakArtifact(json),
    stdout: out.stdout,
  };
}

/** The verdict of one resource. */
function verdictOf(record: SoakRecord, resource: string): string {
  return record.verdict.series.find((s) => s.resource === resource)!.verdict;
}

/**
 * Each pair: the healthy workload's options, the twin's, what is judged,
 * and the twin's gauge of what it kept.
 */
const PAIRS: [string, string[], string[], string, string][] = [
  [
    "connection-churn",
    ["--set", "ratePerSec=100,concurrency=1"],
    ["--set", "ratePerSec=100,concurrency=1,leakEvery=5", "--max-fds", "10000"],
    "fds",
    "leaked",
  ],
  [
    "worker-churn",
    ["--set", "ratePerSec=10,concurrency=1"],
    [
      "--set",
      "ratePerSec=10,concurrency=1,leakEvery=2",
      "--max-threads",
      "5000",
    ],
    "threads",
    "leaked",
  ],
  [
    "timer-churn",
    ["--set", "ratePerSec=200"],
    ["--set", "ratePerSec=200,leakEvery=10", "--max-timers", "10000"],
    "timers",
    "leaked",
  ],
  [
    "buffer-growth",
    ["--set", "entries=64,ratePerSec=100", "--max-external", "500"],
    ["--max-external", "500"],
    "external",
    "cachedBytes",
  ],
];

/** How to read each handle count, and how many may be in flight at once. */
const COUNTS: Record<
  string,
  { read: (s: SoakRecord["samples"][number]) => number; inFlight: number }
> = {
  fds: { read: (s) => s.fds, inFlight: 2 }, // one connection, both ends
  threads: { read: (s) => s.threads, inFlight: 1 }, // one Worker
  timers: {
    read: (s) => (s.handles.timer ?? 0) + (s.handles.interval ?? 0),
    inFlight: 64, // timer-churn's concurrency
  },
};

for (const [name, healthy, leaky, resource, kept] of PAIRS) {
  Deno.test(`soak: ${name} passes and ${name}-leaky fails on ${resource}`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const threshold = leaky.slice(leaky.indexOf(`--max-${resource}`));
      const [good, bad] = await Promise.all([
        soakOf(dir, name, ...healthy, ...threshold),
        soakOf(
          dir,
          `${name}-leaky`,
          ...leaky.filter((a) => !threshold.includes(a)),
          ...threshold,
        ),
      ]);
      assertEquals(verdictOf(good.record, resource), "pass", good.stdout);
      assertEquals(good.code, 0, good.stdout);
      // What happened, beyond the verdict: the healthy one's count of what
      // its twin leaks ends where it began, give or take what is in flight.
      const count = COUNTS[resource];
      if (count !== undefined) {
        const after = good.record.samples.filter((s) => s.tMs >= 1_500);
        const grew = count.read(after.at(-1)!) - count.read(after[0]);
        assert(grew <= count.inFlight, `${resource} grew by ${grew}`);
      }
      assertEquals(verdictOf(bad.record, resource), "fail", bad.stdout);
      assertEquals(bad.code, 1);
      assert(
        bad.record.verdict.reasons.some((r) => r.startsWith(`${resource}:`)),
      );
      // The twin leaked what the soak saw grow.
      const gauge = bad.record.samples.at(-1)!.gauges[kept];
      assert(gauge > 0, `${kept} gauge ${gauge}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("soak --list names every built-in workload and its twin", async () => {
  const { code, stdout } = await cli("soak", "--list");
  assertEquals(code, 0);
  for (
    const name of [
      "connection-churn",
      "worker-churn",
      "timer-churn",
      "buffer-growth",
    ]
  ) {
    assertMatch(stdout, new RegExp(`^${name} `, "m"));
    assertMatch(stdout, new RegExp(`^${name}-leaky `, "m"));
  }
});

Deno.test("soak refuses bad input in one line, exit 2, and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/never.jsonl`;
    const refused: [string[], RegExp][] = [
      [
        ["no-such-workload"],
        /unknown soak workload "no-such-workload"; built-in: connection-churn/,
      ],
      [
        ["timer-churn", "--duration", "10s", "--warmup", "10s"],
        /--warmup .* must be shorter than --duration/,
      ],
      [
        ["timer-churn", "--duration", "forever"],
        /--duration must be a duration like/,
      ],
      [
        ["timer-churn", "--set", "speed=3"],
        /--set "speed=3": timer-churn takes ratePerSec=NUMBER/,
      ],
      [
        ["timer-churn", "--max-fds", "-1"],
        /--max-fds must be a number of fds\/h, 0 or more/,
      ],
      [
        ["timer-churn", "--interval", "1s", "--hang", "1s"],
        /--hang .* must be longer than --interval/,
      ],
      [["timer-churn", "--json", "-"], /--json needs a file name/],
      [
        ["timer-churn", "--duration", "20s", "--interval", "1s"],
        /--interval 1000 ms|a sample every 1000 ms .* gives at most 18 samples, fewer than the 30/,
      ],
    ];
    for (const [args, message] of refused) {
      const out = await cli(
        "soak",
        ...args,
        ...(args.includes("--json") ? [] : ["--json", json]),
      );
      assertEquals(out.code, 2, args.join(" "));
      assertMatch(out.stderr, message);
      assertEquals(out.stderr.trim().split("\n").length, 1, out.stderr);
    }
    assertEquals(await Deno.stat(json).then(() => true, () => false), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("soak does not overwrite an artifact that exists", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/earlier.jsonl`;
    await Deno.writeTextFile(json, "hours of samples\n");
    const out = await cli("soak", "timer-churn", "--json", json);
    assertEquals(out.code, 2);
    assertMatch(out.stderr, /exists; a soak's artifact is not overwritten/);
    assertEquals(await Deno.readTextFile(json), "hours of samples\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("soak runs a suite's case marked soak: true, each repetition an operation", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/case.jsonl`;
    const out = await cli(
      "soak",
      "network/server_cycling/listen",
      ...SHORT,
      "--json",
      json,
    );
    const record = await readSoakArtifact(json);
    assertEquals(record.header.workload.name, "network/server_cycling/listen");
    // It ran its repetitions (each cycles servers) until the planned stop.
    assert(record.samples.at(-1)!.counters.operations > 0, out.stdout);
    const ends = record.events.filter((e) => e.event === "end");
    assertEquals(ends.map((e) => [e.end, e.planned]), [["normal end", true]]);
    // A case that is not marked cannot be soaked.
    const refused = await cli("soak", "network/server_cycling/reuse-port");
    assertEquals(refused.code, 2);
    assertMatch(refused.stderr, /only an experiment marked soak: true can/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
