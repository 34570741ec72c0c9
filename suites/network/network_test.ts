// Runs the network suites in quick mode in forks and checks what happened —
// connections killed or kept, metrics with their units, nothing left open —
// with margins wide enough that no timing is being asserted: a 300 ms stall
// against a 100 ms timeout, heartbeats every 20 ms.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { run } from "../../mod.ts";
import { heartbeatSlowReceiver, serverCycling, sseStream } from "./mod.ts";

Deno.test("heartbeat options are validated", () => {
  assertThrows(
    () => heartbeatSlowReceiver({ stallMs: [] }),
    RangeError,
    "stallMs",
  );
  assertThrows(
    () => heartbeatSlowReceiver({ heartbeatMs: 200, timeoutMs: 100 }),
    RangeError,
    "heartbeatMs (200) must be shorter than timeoutMs (100)",
  );
});

Deno.test("a stall three times the timeout kills the fixed-deadline connection; heartbeats keep the other alive", async () => {
  const a = await run([
    heartbeatSlowReceiver({
      timeoutMs: 100,
      stallMs: [300],
      readMs: 50,
      trialMs: 400,
    }),
  ], { quick: true });
  assertEquals(a.summary, { cases: 2, passed: 2, failed: 0 }); // nothing leaked
  const timeouts = (policy: string) =>
    a.cases.find((c) => c.case === policy)!.metrics.find((m) =>
      m.name === "timeouts"
    )!
      .samples.flat();
  assert(timeouts("fixed").every((x) => x === 1), String(timeouts("fixed")));
  assert(timeouts("reset-on-heartbeat").every((x) => x === 0));
  const units = Object.fromEntries(
    a.cases[0].metrics.map((m) => [m.name, m.unit]),
  );
  assertEquals(units, {
    timeouts: "count",
    delivered: "bytes",
    longestStall: "ms",
    heartbeats: "count",
    queueDepth: "bytes",
  });
  assertEquals(a.comparisons.length, 1);
  assertEquals(a.sweeps.map((s) => s.case), ["fixed", "reset-on-heartbeat"]);
});

Deno.test("server cycling: every variant cycles to the end and leaves no server, socket or timer open", async () => {
  assertThrows(() => serverCycling({ cycles: 0 }), RangeError, "cycles");
  const a = await run([serverCycling({ cycles: 4, inflightMs: 5 })], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 17, passed: 17, failed: 0 });
  for (const c of a.cases.filter((x) => x.case !== "reuse-port")) {
    const units = Object.fromEntries(c.metrics.map((m) => [m.name, m.unit]));
    assertEquals(units, {
      coldStart: "ms",
      shutdown: "ms",
      addrInUse: "count",
      inflightFailed: "count",
    });
    // A graceful stop waits until the server has finished: the port is free
    // for the next start, so no start is refused.
    if (c.params.shutdown === "graceful") {
      const refused = c.metrics.find((m) => m.name === "addrInUse")!.samples
        .flat();
      assert(refused.every((x) => x === 0), `${c.id}: ${refused}`);
    }
  }
  const probe = a.cases.find((c) => c.case === "reuse-port")!;
  const available = probe.metrics[0].samples.flat();
  // Forks run without --unstable-net: the probe says so and the fork lives.
  assertEquals(available, [0]);
});

Deno.test("sse stream: every variant delivers every event, counts keep-alives, and closes its server", async () => {
  assertThrows(() => sseStream({ events: 0 }), RangeError, "events");
  const a = await run([
    sseStream({ events: 40, burst: 10, gapMs: 3, keepAliveMs: 1 }),
  ], {
    quick: true,
  });
  assertEquals(a.summary, { cases: 8, passed: 8, failed: 0 });
  for (const c of a.cases) {
    const latencies = c.metrics.find((m) => m.name === "eventLatency")!.samples
      .flat();
    const reps = c.forks[0].repetitions!;
    assertEquals(latencies.length, 40 * reps); // one per event, none lost
    const keepAlives = c.metrics.find((m) => m.name === "keepAlives")!.samples
      .flat();
    assert(keepAlives.every((k) => Number.isInteger(k) && k >= 0));
  }
  assertEquals(a.comparisons.length, 4); // sleep-reset vs interval per variant
});
