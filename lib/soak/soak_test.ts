// A soak in real child processes: every end of the child is counted as
// what it was, restarts by kind, and a runner killed mid-soak leaves an
// artifact that reads as interrupted and no workload running. Judged on
// what happened, never on how long anything took.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { readProc } from "../_proc.ts";
import {
  dots,
  ending,
  ENDINGS,
  steady,
} from "../../fixtures/runner/soak_workloads.ts";
import { createSoakWriter, readSoakArtifact } from "./artifact.ts";
import { soak } from "./run_soak.ts";
import type { SoakEvent } from "./types.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The first unplanned end of a soak of `ending`, ended the `how`th way. */
async function endOf(
  how: number,
  more: Partial<Parameters<typeof soak>[1]> = {},
) {
  const { verdict, events } = await soak(ending, {
    durationMs: 20_000,
    intervalMs: 100,
    hangMs: 1_000,
    options: { how },
    ...more,
  });
  const end = events.find((e) => e.event === "end")!;
  return { verdict: verdict!, end };
}

Deno.test("each way a child ends is counted as that kind, never read from its log", async () => {
  const expected: [string, string, Partial<SoakEvent>][] = [
    ["throws", "uncaught exception", {
      code: 1,
      message: "Error: thrown on purpose",
    }],
    ["throws in a timer", "uncaught exception", { code: 1 }],
    ["rejects unhandled", "unhandled rejection", { code: 1 }],
    ["exits 3", "exit", { code: 3, message: "Deno.exit(3)" }],
    ["exits 1", "exit", { code: 1, message: "Deno.exit(1)" }],
    ["SIGKILL", "signal", {
      signal: "SIGKILL",
      message: "SIGKILL (possibly out of memory)",
    }],
    ["SIGABRT", "V8 fatal error", { signal: "SIGABRT" }],
    ["hangs", "hung", {}],
    ["returns", "normal end", { code: 0 }],
  ];
  for (const [name, kind, fields] of expected) {
    const { verdict, end } = await endOf(ENDINGS.indexOf(name as never));
    assertEquals(end.end, kind, name);
    for (const [key, value] of Object.entries(fields)) {
      assertEquals(end[key as keyof SoakEvent], value, `${name}: ${key}`);
    }
    // Any end before the soak's own is a failure, a normal one included.
    assertEquals(verdict.passed, false, name);
    assertEquals(verdict.ends[end.end!], 1, name);
    assert(verdict.reasons.some((r) => r.includes(kind)), name);
  }
});

Deno.test("V8's out-of-memory ends as a V8 fatal error (SIGTRAP)", async () => {
  const { end } = await endOf(ENDINGS.indexOf("out of memory"), {
    v8Flags: ["--max-old-space-size=32"],
  });
  assertEquals([end.end, end.signal], ["V8 fatal error", "SIGTRAP"]);
});

Deno.test("with restart, every end is counted by kind and the child is started again", async () => {
  const { verdict, events } = await soak(ending, {
    durationMs: 3_000,
    intervalMs: 100,
    restart: true,
    options: { how: ENDINGS.indexOf("exits 3"), afterMs: 200 },
  });
  const ends = events.filter((e) => e.event === "end" && !e.planned);
  const restarts = events.filter((e) => e.event === "restart");
  assert(ends.length >= 2, `${ends.length} ends`);
  assert(ends.every((e) => e.end === "exit" && e.code === 3));
  // The last child may be ending as the soak stops it: its end counts too.
  const exits = events.filter((e) => e.event === "end" && e.end === "exit");
  assertEquals(verdict!.ends.exit, exits.length);
  assertEquals(verdict!.restarts, restarts.length);
  assertEquals(restarts.map((e) => e.child), restarts.map((_, i) => i + 1));
  // A child that keeps ending at once is restarted after a doubling wait.
  assertEquals(
    restarts.map((e) => e.message),
    restarts.map((_, i) => `after ${250 * 2 ** i} ms`),
  );
  assertEquals(verdict!.passed, false);
});

Deno.test("a runner killed by SIGKILL leaves an artifact that reads as interrupted, and no workload running", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/soak.jsonl`;
  const runner = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      `${ROOT}deno.json`,
      `${ROOT}fixtures/runner/soak_runner.ts`,
      out,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    // Until three samples are on disk.
    let text = "";
    for (
      let i = 0;
      i < 300 && (text.match(/"type":"sample"/g) ?? []).length < 3;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      text = await Deno.readTextFile(out).catch(() => "");
    }
    runner.kill("SIGKILL");
    await runner.status;
    const soakRecord = await readSoakArtifact(out);
    assertEquals(soakRecord.interrupted, true);
    const written = (await Deno.readTextFile(out)).split("\n")
      .filter((line) => line.includes('"type":"sample"')).length;
    assert(soakRecord.samples.length >= 3);
    assertEquals(soakRecord.samples.length, written);
    // The child: gone once the watchdog has killed its group.
    const pid = soakRecord.events.find((e) => e.event === "start")?.pid;
    if (typeof pid !== "number") throw new Error("no pid in the start event");
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      alive = await readProc(pid).then((p) => p.rssBytes > 0, () => false);
      if (alive) await new Promise((r) => setTimeout(r, 100));
    }
    assertEquals(alive, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the artifact is written as the soak goes and reads back whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/soak.jsonl`;
    const writer = await createSoakWriter(path);
    const result = await soak(steady, {
      durationMs: 1_500,
      intervalMs: 100,
      minSamples: 5,
      writer,
    });
    writer.close();
    const back = await readSoakArtifact(path);
    assertEquals(back.interrupted, false);
    assertEquals(back.samples, result.samples);
    assertEquals(back.events, result.events);
    assertEquals(back.verdict, result.verdict);
    assertEquals(back.header.workload.name, "steady");
    // Stopped as planned: its end is the soak's own.
    const [end] = back.events.filter((e) => e.event === "end");
    assertMatch(`${end.end} ${end.planned}`, /^normal end true$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a workload printing without a newline does not hide the harness's messages", async () => {
  const { verdict, samples, events } = await soak(dots, {
    durationMs: 2_000,
    intervalMs: 100,
    minSamples: 5,
  });
  // Every heartbeat arrived: operations counted, no hang, a planned end.
  assert(samples.length >= 5);
  assert(samples.at(-1)!.counters.operations > 0);
  const end = events.find((e) => e.event === "end")!;
  assertEquals([end.end, end.planned], ["normal end", true]);
  assertEquals(verdict!.ends, { "normal end": 1 });
});
