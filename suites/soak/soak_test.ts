// These tests run each workload in-process until it has done a number of
// operations, then abort it, and check what happened through its counters
// and gauges — never how fast. Deno's op and resource sanitizers (off by
// default in Deno 2.9.6, so turned on here) fail a test that leaves a timer,
// an interval or a socket behind: each test also checks that the workload
// closed everything it opened when it stopped. They do not see Workers, so
// the Worker tests count live Workers themselves.
import { assert, assertEquals, assertRejects } from "@std/assert";
import type { SoakContext, SoakWorkload } from "../../mod.ts";
import { runPaced } from "./_pace.ts";
import {
  bufferGrowth,
  bufferGrowthLeaky,
  connectionChurn,
  connectionChurnLeaky,
  soakWorkloads,
  timerChurn,
  timerChurnLeaky,
  workerChurn,
  workerChurnLeaky,
} from "./mod.ts";

const SANITIZED = { sanitizeOps: true, sanitizeResources: true };

/** What a workload reported through its context. */
interface Observed {
  counts: Record<string, number>;
  /** Each gauge's last value. */
  gauges: Record<string, number>;
  /** Each gauge's highest value. */
  peaks: Record<string, number>;
  records: Record<string, number[]>;
}

/** A context that keeps what it is told and aborts once `stop` holds. */
function observingContext(
  options: Record<string, number>,
  stop: (counts: Record<string, number>) => boolean,
): { ctx: SoakContext; observed: Observed } {
  const controller = new AbortController();
  const observed: Observed = { counts: {}, gauges: {}, peaks: {}, records: {} };
  const ctx: SoakContext = {
    signal: controller.signal,
    options,
    count(counter, by = 1) {
      observed.counts[counter] = (observed.counts[counter] ?? 0) + by;
      if (stop(observed.counts)) controller.abort();
    },
    gauge(name, value) {
      observed.gauges[name] = value;
      observed.peaks[name] = Math.max(observed.peaks[name] ?? value, value);
    },
    record(metric, value) {
      (observed.records[metric] ??= []).push(value);
    },
  };
  return { ctx, observed };
}

/**
 * Runs a workload over its defaults and `options` until `operations`;
 * `onStop` runs once, as it is told to stop.
 */
async function soakUntil(
  workload: SoakWorkload,
  operations: number,
  options: Record<string, number> = {},
  onStop: () => void = () => {},
): Promise<Observed> {
  let stopped = false;
  const { ctx, observed } = observingContext(
    { ...workload.defaults, ...options },
    (counts) => {
      if (stopped || !(counts.operations >= operations)) return stopped;
      onStop();
      return stopped = true;
    },
  );
  await workload.run(ctx);
  return observed;
}

/**
 * Runs `body` with the global Worker replaced by one that keeps the set of
 * Workers constructed and not yet terminated.
 */
async function withLiveWorkers(
  body: (live: ReadonlySet<Worker>) => Promise<void>,
): Promise<void> {
  const live = new Set<Worker>();
  const original = globalThis.Worker;
  globalThis.Worker = class extends original {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      live.add(this);
    }
    override terminate(): void {
      live.delete(this);
      super.terminate();
    }
  };
  try {
    await body(live);
  } finally {
    globalThis.Worker = original;
  }
}

/** Checks what every paced workload reports: ops, their latencies, no error. */
function assertPacedRun(observed: Observed, operations: number): number {
  const done = observed.counts.operations;
  assert(done >= operations, `${done} operations, expected ≥ ${operations}`);
  assertEquals(observed.counts.errors, undefined);
  assertEquals(observed.records.latency.length, done);
  return done;
}

Deno.test(
  "soakWorkloads lists every workload once, healthy ones then their twins, each described",
  SANITIZED,
  () => {
    const names = soakWorkloads.map((w) => w.name);
    const healthy = names.slice(0, names.length / 2);
    assertEquals(
      names.slice(names.length / 2),
      healthy.map((n) => `${n}-leaky`),
    );
    assertEquals(new Set(names).size, names.length);
    for (const workload of soakWorkloads) {
      assert(workload.description, `${workload.name} has no description`);
      assertEquals(
        new URL(workload.module).pathname.split("/").at(-2),
        "soak",
        `${workload.name} is defined in ${workload.module}`,
      );
    }
  },
);

Deno.test(
  "runPaced drops the slots that find every operation busy, and records each finished one's latency",
  SANITIZED,
  async () => {
    const { ctx, observed } = observingContext(
      { ratePerSec: 1000 },
      (counts) => counts.operations === 1,
    );
    let release = () => {};
    await runPaced(
      {
        ...ctx,
        count(counter, by) {
          ctx.count(counter, by);
          // Three slots dropped behind the one operation in flight: let it end.
          if (counter === "dropped" && observed.counts.dropped === 3) release();
        },
      },
      1,
      () => new Promise<void>((resolve) => release = resolve),
    );
    assertEquals(observed.counts.operations, 1);
    assert(observed.counts.dropped >= 3);
    assertEquals(observed.records.latency.length, 1);
    assert(observed.records.latency[0] >= 0);
  },
);

Deno.test(
  "runPaced counts an operation that fails as an error, but not one failed by the abort",
  SANITIZED,
  async () => {
    const failing = observingContext(
      { ratePerSec: 1000 },
      (counts) => counts.errors === 3,
    );
    await runPaced(failing.ctx, 1, () => {
      throw new Error("refused");
    });
    assertEquals(failing.observed.counts.errors, 3);
    assertEquals(failing.observed.counts.operations, undefined);

    const aborted = observingContext(
      { ratePerSec: 1000 },
      (counts) => counts.dropped === 1,
    );
    await runPaced(
      aborted.ctx,
      1,
      () =>
        new Promise<void>((_, reject) =>
          aborted.ctx.signal.addEventListener(
            "abort",
            () => reject(new Error("closed by the abort")),
          )
        ),
    );
    assertEquals(aborted.observed.counts.errors, undefined);
    assertEquals(aborted.observed.counts.operations, undefined);
  },
);

Deno.test(
  "options out of range are refused with the option's name",
  SANITIZED,
  async () => {
    const { ctx } = observingContext({ ratePerSec: 0 }, () => false);
    await assertRejects(
      () => runPaced(ctx, 1, () => Promise.resolve()),
      RangeError,
      "option ratePerSec",
    );
    await assertRejects(
      () => soakUntil(connectionChurn, 1, { concurrency: 0 }),
      RangeError,
      "option concurrency",
    );
    await assertRejects(
      () => soakUntil(timerChurnLeaky, 1, { leakEvery: 0.5 }),
      RangeError,
      "option leakEvery",
    );
  },
);

Deno.test(
  "connection-churn: round trips counted, every connection and the peer closed at the end",
  SANITIZED,
  async () => {
    const observed = await soakUntil(connectionChurn, 60, {
      ratePerSec: 1000,
      concurrency: 4,
    });
    assertPacedRun(observed, 60);
    assertEquals(observed.gauges.connections, 0);
    assertEquals(observed.gauges.leaked, undefined);
  },
);

Deno.test(
  "connection-churn-leaky: leaves one connection in leakEvery open while it runs, closes them when it stops",
  SANITIZED,
  async () => {
    const observed = await soakUntil(connectionChurnLeaky, 60, {
      ratePerSec: 1000,
      concurrency: 4,
      leakEvery: 5,
    });
    const done = assertPacedRun(observed, 60);
    assertEquals(observed.gauges.leaked, Math.floor(done / 5));
    // The leaked connections were open at once, beside the ones in flight.
    assert(observed.peaks.connections >= Math.floor(done / 5));
    assertEquals(observed.gauges.connections, 0);
  },
);

Deno.test(
  "connection-churn-leaky: stops leaking at maxLeaked",
  SANITIZED,
  async () => {
    const observed = await soakUntil(connectionChurnLeaky, 40, {
      ratePerSec: 1000,
      concurrency: 4,
      leakEvery: 2,
      maxLeaked: 3,
    });
    assertPacedRun(observed, 40);
    assertEquals(observed.gauges.leaked, 3);
  },
);

Deno.test(
  "worker-churn: workers started, answered and terminated, at most concurrency alive",
  SANITIZED,
  async () => {
    await withLiveWorkers(async (live) => {
      const observed = await soakUntil(workerChurn, 8, {
        ratePerSec: 100,
        concurrency: 2,
      });
      assertPacedRun(observed, 8);
      assert(observed.peaks.workers <= 2, `${observed.peaks.workers} alive`);
      assertEquals(observed.gauges.workers, 0);
      assertEquals(live.size, 0);
    });
  },
);

Deno.test(
  "worker-churn-leaky: one worker in leakEvery stays alive while it runs, terminated when it stops",
  SANITIZED,
  async () => {
    await withLiveWorkers(async (live) => {
      let aliveAtStop = 0;
      const observed = await soakUntil(workerChurnLeaky, 8, {
        ratePerSec: 100,
        concurrency: 2,
        leakEvery: 2,
      }, () => aliveAtStop = live.size);
      const done = assertPacedRun(observed, 8);
      assertEquals(observed.gauges.leaked, Math.floor(done / 2));
      // Alive at once: the leaked ones besides up to two churning.
      assert(aliveAtStop >= 4, `${aliveAtStop} alive at the stop`);
      assert(observed.peaks.workers >= Math.floor(done / 2));
      assertEquals(observed.gauges.workers, 0);
      assertEquals(live.size, 0);
    });
  },
);

Deno.test(
  "timer-churn: every interval and timeout cleared or fired, none left armed",
  SANITIZED,
  async () => {
    const observed = await soakUntil(timerChurn, 100, { ratePerSec: 1000 });
    assertPacedRun(observed, 100);
    assertEquals(observed.gauges.timers, 0);
    assertEquals(observed.gauges.leaked, undefined);
  },
);

Deno.test(
  "timer-churn-leaky: one interval in leakEvery keeps ticking while it runs, cleared when it stops",
  SANITIZED,
  async () => {
    const observed = await soakUntil(timerChurnLeaky, 100, {
      ratePerSec: 1000,
      leakEvery: 10,
      periodMs: 5,
    });
    const done = assertPacedRun(observed, 100);
    assertEquals(observed.gauges.leaked, Math.floor(done / 10));
    assert(observed.peaks.timers >= Math.floor(done / 10));
    assertEquals(observed.gauges.timers, 0);
  },
);

Deno.test(
  "buffer-growth: the cache stops at its entries, and is emptied when it stops",
  SANITIZED,
  async () => {
    const observed = await soakUntil(bufferGrowth, 50, {
      ratePerSec: 1000,
      entries: 10,
      entryBytes: 64,
    });
    assertPacedRun(observed, 50);
    assertEquals(observed.peaks.entries, 10);
    assertEquals(observed.peaks.cachedBytes, 640);
    assertEquals(observed.gauges.cachedBytes, 0);
  },
);

Deno.test(
  "buffer-growth-leaky: keeps every insertion up to maxBytes",
  SANITIZED,
  async () => {
    const unbounded = await soakUntil(bufferGrowthLeaky, 50, {
      ratePerSec: 1000,
      entryBytes: 64,
    });
    // One insertion in flight at most: the abort comes right after the 50th.
    assertEquals(assertPacedRun(unbounded, 50), 50);
    assertEquals(unbounded.peaks.entries, 50);
    assertEquals(unbounded.gauges.entries, 0);

    const capped = await soakUntil(bufferGrowthLeaky, 50, {
      ratePerSec: 1000,
      entryBytes: 64,
      maxBytes: 64 * 20,
    });
    assertEquals(capped.peaks.entries, 20);
  },
);
