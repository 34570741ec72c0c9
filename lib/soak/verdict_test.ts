// The soak's verdict on seeded, synthetic samples and events: what fails
// it (a slope, a crash, a gap in the samples, too few samples) and what
// does not. Deterministic: no child runs.
import { assertEquals } from "@std/assert";
import { createRandom } from "../stats/prng.ts";
import { judgeSoak, soakSeries } from "./_verdict.ts";
import type { SoakEvent, SoakSample, SoakSettings } from "./types.ts";
import { DEFAULT_THRESHOLDS, THRESHOLD_UNITS } from "./run_soak.ts";

const MIB = 1024 * 1024;

const settings: SoakSettings = {
  durationMs: 3_600_000,
  warmupMs: 600_000,
  intervalMs: 60_000,
  restart: false,
  hangMs: 300_000,
  minSamples: 30,
  alpha: 0.05,
  thresholds: Object.entries(DEFAULT_THRESHOLDS).map(([resource, perHour]) => ({
    resource: resource as keyof typeof DEFAULT_THRESHOLDS,
    perHour,
    unit: THRESHOLD_UNITS[resource as keyof typeof DEFAULT_THRESHOLDS],
  })),
};

/** An hour of per-minute samples: steady, noisy, with `change` applied. */
function hour(
  change: (s: SoakSample, minute: number) => void = () => {},
  seed = 1,
): SoakSample[] {
  const random = createRandom(seed);
  return Array.from({ length: 61 }, (_, minute) => {
    const s: SoakSample = {
      type: "sample",
      tMs: minute * 60_000,
      child: 0,
      rssBytes: (60 + random.next()) * MIB,
      fds: 20 + (random.next() < 0.5 ? 0 : 2),
      threads: 6,
      cpuUserMs: minute * 500,
      cpuSystemMs: minute * 100,
      heapUsedBytes: (8 + random.next() * 0.5) * MIB,
      heapTotalBytes: 16 * MIB,
      externalBytes: 2 * MIB,
      lagMaxMs: 1,
      counters: { operations: minute * 6000 + Math.floor(random.next() * 50) },
      gauges: {},
      handles: { timer: 1 },
      metrics: {},
      samplerCpuMs: 3,
    };
    change(s, minute);
    return s;
  });
}

const planned: SoakEvent[] = [
  { type: "event", tMs: 0, event: "start", child: 0, pid: 1 },
  {
    type: "event",
    tMs: 3_600_000,
    event: "end",
    child: 0,
    end: "normal end",
    planned: true,
  },
];

Deno.test("a steady hour ended as planned passes every series", () => {
  const v = judgeSoak(hour(), planned, settings, 3_600_000);
  assertEquals(v.reasons, []);
  assertEquals(v.passed, true);
  assertEquals(v.series.map((s) => [s.resource, s.verdict]), [
    ["rss", "pass"],
    ["heapUsed", "pass"],
    ["external", "pass"],
    ["fds", "pass"],
    ["threads", "pass"],
    ["timers", "pass"],
    ["throughput", "pass"],
  ]);
  // 3 ms of sampling a minute against 600 ms of the child's CPU.
  assertEquals(v.samplerCpuShare, (3 * 61) / (600 * 60));
});

Deno.test("a leak fails the series it shows in, and only that one", () => {
  const leaks: [string, (s: SoakSample, m: number) => void][] = [
    ["rss", (s, m) => s.rssBytes += m * 0.5 * MIB], // +30 MiB/h
    ["heapUsed", (s, m) => s.heapUsedBytes += m * 0.2 * MIB], // +12 MiB/h
    ["fds", (s, m) => s.fds += m], // +60 fds/h
    ["threads", (s, m) => s.threads += Math.floor(m / 10)], // +6 threads/h
    ["timers", (s, m) => s.handles.interval = m], // +60 intervals/h
    // −20%/h: each minute 0.33% fewer operations than the last.
    ["throughput", (s, m) =>
      s.counters.operations = Math.round(
        6000 * (1 - Math.pow(1 - 0.0037, m)) / 0.0037,
      )],
  ];
  for (const [resource, leak] of leaks) {
    const v = judgeSoak(hour(leak), planned, settings, 3_600_000);
    assertEquals(v.passed, false, resource);
    assertEquals(
      v.series.filter((s) => s.verdict !== "pass").map((s) => s.resource),
      [resource],
    );
  }
});

Deno.test("a crash, a missed sample or too few samples fail the soak, each said", () => {
  const crashed: SoakEvent[] = [
    planned[0],
    {
      type: "event",
      tMs: 1_800_000,
      event: "end",
      child: 0,
      end: "signal",
      signal: "SIGKILL",
      message: "SIGKILL (possibly out of memory)",
    },
  ];
  const crash = judgeSoak(hour(), crashed, settings, 3_600_000);
  assertEquals(crash.passed, false);
  assertEquals(crash.ends, { signal: 1 });
  assertEquals(
    crash.reasons,
    ["child 0 ended at 1800.0 s: signal (SIGKILL (possibly out of memory))"],
  );
  const gap: SoakEvent[] = [...planned, {
    type: "event",
    tMs: 900_000,
    event: "sample-missed",
    child: 0,
    missed: 2,
  }, { type: "event", tMs: 960_000, event: "sampler-failed", child: 0 }];
  const missed = judgeSoak(hour(), gap, settings, 3_600_000);
  assertEquals([missed.passed, missed.missedSamples], [false, 3]);
  const short = judgeSoak(hour().slice(0, 30), planned, settings, 1_800_000);
  assertEquals(short.passed, false);
  assertEquals(
    short.series.every((s) => s.verdict === "too few samples"),
    true,
  );
});

Deno.test("throughput is operations a second between samples of one child, restarts not counted as drops", () => {
  const samples = hour().slice(0, 5);
  samples[3].child = 1;
  samples[3].counters.operations = 10;
  samples[4].child = 1;
  samples[4].counters.operations = 6010;
  const series = soakSeries(samples, 0);
  // Minutes 1, 2 (child 0), and 4 (child 1): not 3, where the child changed.
  assertEquals(series.throughput!.times, [60_000, 120_000, 240_000]);
  assertEquals(series.throughput!.values[2], 100);
});
