// Checks the worker-dispatch suite and its pool fixture on what happened —
// every reply carried the right checksum, every request was counted once,
// placement saw the queue it was given, nothing was left running — never on
// how fast it happened.
import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { workerDispatch } from "./worker_dispatch.ts";
import { checksumWork } from "../../fixtures/workloads/dispatch_work.ts";
import { startWorkerPool } from "../../fixtures/workloads/worker_pool.ts";

Deno.test("worker dispatch options are validated, naming the field", () => {
  assertThrows(
    () => workerDispatch({ payloadBytes: [] }),
    RangeError,
    "payloadBytes must be a non-empty list of integers in [1, 16777216], got []",
  );
  assertThrows(
    () => workerDispatch({ payloadBytes: [16 * 1024 * 1024], inFlight: 64 }),
    RangeError,
    "inFlight × payloadBytes must be at most 268435456 bytes (256 MiB), got 64 × 16777216",
  );
  assertThrows(
    () => workerDispatch({ poolSize: [2, 0] }),
    RangeError,
    "poolSize[1] must be an integer in [1, 64], got 0",
  );
  assertThrows(
    () => workerDispatch({ payloadBytes: [64, 2 ** 30] }),
    RangeError,
    "payloadBytes[1] must be an integer in [1, 16777216], got 1073741824",
  );
  assertThrows(
    () => workerDispatch({ cases: ["one-worker", "one-worker"] }),
    RangeError,
    "distinct",
  );
  assertThrows(
    () => workerDispatch({ inFlight: 0 }),
    RangeError,
    "inFlight must be an integer in [1, 1024], got 0",
  );
  assertThrows(
    () => workerDispatch({ heavyShare: 1.5 }),
    RangeError,
    "heavyShare must be a number in [0, 1], got 1.5",
  );
  assertThrows(
    () => workerDispatch({ cases: ["same-thread", "pool-random" as never] }),
    RangeError,
    'cases must be a non-empty list of distinct values from same-thread, one-worker, one-worker-transfer, pool-round-robin, pool-least-busy, got ["same-thread","pool-random"]',
  );
});

Deno.test("choosing cases keeps only the comparisons and sweeps they can answer", () => {
  const suite = workerDispatch({ cases: ["same-thread", "one-worker"] });
  assertEquals(suite.cases.map((c) => c.name), ["same-thread", "one-worker"]);
  assertEquals(
    suite.comparisons?.map((c) => c.metric),
    ["latency", "throughput"],
  );
  assertEquals(suite.sweeps, []);
});

Deno.test("a pool answers with the inline checksum, cloned or transferred, and counts the queue it placed into", async () => {
  const pool = await startWorkerPool({ size: 2, placement: "least-busy" });
  try {
    assert(pool.startupMs > 0);
    const cloned = new Uint8Array(1024).fill(7);
    const want = checksumWork(cloned, 500);
    // Sent before any reply can arrive: the queues are known exactly.
    const replies = await Promise.all([
      pool.request(cloned, 500, false),
      pool.request(cloned, 500, false),
      pool.request(cloned, 500, false),
      pool.request(cloned, 500, false),
    ]);
    assertEquals(replies.map((r) => r.checksum), [want, want, want, want]);
    assertEquals(replies.map((r) => r.queuedAhead), [0, 0, 1, 1]);
    assertEquals(cloned.byteLength, 1024); // a clone leaves the sender's copy

    const moved = new Uint8Array(1024).fill(7);
    const reply = await pool.request(moved, 500, true);
    assertEquals(reply.checksum, want);
    assertEquals(moved.byteLength, 0); // a transfer detaches it
  } finally {
    pool.close();
  }
  await assertRejects(
    () => pool.request(new Uint8Array(1), 0, false),
    Error,
    "worker pool closed",
  );
});

Deno.test("closing a pool rejects the requests still pending", async () => {
  const pool = await startWorkerPool({ size: 1 });
  const pending = pool.request(new Uint8Array(64), 1e9, false);
  pool.close(new Error("stopped by the test"));
  await assertRejects(() => pending, Error, "stopped by the test");
});

Deno.test("worker dispatch: every case answers every request, records each metric as declared and leaves no worker running", async () => {
  const requests = 40;
  const a = await run([
    workerDispatch({
      payloadBytes: [256],
      poolSize: [1, 2],
      inFlight: 4,
      requests,
      workIterations: 200,
    }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 7, passed: 7, failed: 0 }); // no leaks
  const units = {
    latency: "µs",
    latencyP99: "µs",
    throughput: "ops/s",
    loopLag: "ms",
    startup: "ms",
    queuedAhead: "count",
  };
  for (const c of a.cases) {
    const samples = (name: string) =>
      c.metrics.find((m) => m.name === name)!.samples.flat();
    const workers = c.case !== "same-thread";
    const pooled = c.case.startsWith("pool-");
    assertEquals(
      Object.fromEntries(c.metrics.map((m) => [m.name, m.unit])),
      Object.fromEntries(
        Object.entries(units).filter(([name]) =>
          (name !== "startup" || workers) &&
          (name !== "queuedAhead" || pooled)
        ),
      ),
      c.id,
    );
    const reps = c.forks[0].repetitions!;
    assert(reps >= 2, `${c.id}: ${reps} repetitions`);
    // Past maxSamples a fork keeps every k-th value; `recorded` counts all.
    const latency = c.metrics.find((m) => m.name === "latency")!;
    const recorded = latency.recorded?.reduce((x, y) => x + y, 0) ??
      samples("latency").length;
    assertEquals(recorded, requests * reps, c.id);
    assertEquals(samples("latencyP99").length, reps, c.id);
    assertEquals(samples("throughput").length, reps, c.id);
    const lag = samples("loopLag");
    assertEquals(lag.length, reps, c.id);
    assert(lag.every((ms) => ms >= 0), c.id);
    if (workers) assertEquals(samples("startup").length, 1, c.id); // per fork
    if (pooled) {
      const queued = samples("queuedAhead");
      assertEquals(queued.length, requests * reps, c.id);
      // With one worker every request but the first few queues behind the
      // other three in flight; never more than that.
      assert(queued.every((q) => Number.isInteger(q) && q >= 0 && q <= 3));
      if (c.params.poolSize === 1) assertEquals(Math.max(...queued), 3);
    }
  }
  // same-thread vs one-worker (latency, throughput), transfer vs clone, and
  // least-busy vs round-robin (latency, p99, throughput) per pool size.
  assertEquals(a.comparisons.length, 2 + 1 + 3 * 2);
  assertEquals(
    a.sweeps.map((s) => `${s.case} ${s.metric} ${s.points.length}`).sort(),
    [
      "pool-least-busy latency 2",
      "pool-least-busy startup 2",
      "pool-least-busy throughput 2",
      "pool-round-robin latency 2",
      "pool-round-robin startup 2",
      "pool-round-robin throughput 2",
    ],
  );
});
