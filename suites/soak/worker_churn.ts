/**
 * soak/worker-churn — start a Worker, exchange a message, terminate it, at
 * a rate, a few alive at once. The seed (`seeds/002`) found a thread leak
 * and a model `threads ≈ namespaces × (netlinkers + 1)`; here the gauge
 * "workers" is what a soak reports the process's threads against. Its twin
 * `worker-churn-leaky` forgets to terminate one Worker in `leakEvery`.
 *
 * @module
 */

import {
  defineSoakWorkload,
  type SoakContext,
  type SoakWorkload,
} from "../../mod.ts";
import {
  startWorkerPool,
  type WorkerPool,
} from "../../fixtures/workloads/worker_pool.ts";
import { integerOption, runPaced } from "./_pace.ts";

const CHURN_DEFAULTS = {
  /** Workers started per second. */
  ratePerSec: 5,
  /** Workers starting or answering at once, at most. */
  concurrency: 4,
};

/**
 * Starts a Worker (the dispatch worker of `scheduling/worker_dispatch`),
 * waits for its answer to a first message and terminates it, at a rate, up
 * to `concurrency` at once. It counts "operations", "errors" and "dropped"
 * and records "latency" (ms from its slot) as `runPaced` does, and gauges
 * "workers": Workers alive now. Needs `--allow-read` for the worker's
 * module.
 *
 * Options: `ratePerSec` (5), `concurrency` (4).
 *
 * @example
 * ```ts
 * import { workerChurn } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(workerChurn.name, "worker-churn");
 * assertEquals(workerChurn.defaults, { ratePerSec: 5, concurrency: 4 });
 * ```
 */
export const workerChurn: SoakWorkload = defineSoakWorkload({
  name: "worker-churn",
  description:
    "start a Worker, exchange a message, terminate it — at a rate, a few at once",
  defaults: CHURN_DEFAULTS,
  run: (ctx) => churn(ctx, false),
});

/**
 * {@link workerChurn} that forgets to terminate the `leakEvery`-th Worker
 * that answered, up to `maxLeaked`. "workers" counts the leaked ones too
 * (they are alive); "leaked" gauges them alone, exactly
 * ⌊operations / leakEvery⌋ until the cap. It terminates them all when it
 * stops.
 *
 * Measured on our 2-core VM (Deno 2.9.6), a leaked Worker holds one
 * thread, six file descriptors and about 7.5 MiB of RSS.
 *
 * Options: `ratePerSec` (5), `concurrency` (4), `leakEvery` (10: one leak
 * every two seconds at the default rate, 90 in three minutes, about
 * 680 MiB), `maxLeaked` (120: reached after four minutes at the defaults,
 * about 900 MiB and 120 threads).
 *
 * @example
 * ```ts
 * import { workerChurnLeaky } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(workerChurnLeaky.name, "worker-churn-leaky");
 * assertEquals(workerChurnLeaky.defaults?.leakEvery, 10);
 * ```
 */
export const workerChurnLeaky: SoakWorkload = defineSoakWorkload({
  name: "worker-churn-leaky",
  description: "worker-churn that never terminates one Worker in leakEvery",
  defaults: { ...CHURN_DEFAULTS, leakEvery: 10, maxLeaked: 120 },
  run: (ctx) => churn(ctx, true),
});

async function churn(ctx: SoakContext, leaky: boolean): Promise<void> {
  const concurrency = integerOption(ctx, "concurrency", 1);
  const leakEvery = leaky ? integerOption(ctx, "leakEvery", 1) : 0;
  const maxLeaked = leaky ? integerOption(ctx, "maxLeaked", 0) : 0;
  const leaked: WorkerPool[] = [];
  let alive = 0;
  let completed = 0;
  try {
    await runPaced(ctx, concurrency, async () => {
      ctx.gauge("workers", ++alive);
      let pool: WorkerPool;
      try {
        // A pool of one answers a first message before it resolves.
        pool = await startWorkerPool({ size: 1 });
      } catch (error) {
        ctx.gauge("workers", --alive); // the pool terminated it
        throw error;
      }
      completed++;
      if (leaky && completed % leakEvery === 0 && leaked.length < maxLeaked) {
        leaked.push(pool);
        ctx.gauge("leaked", leaked.length);
        return;
      }
      pool.close();
      ctx.gauge("workers", --alive);
    });
  } finally {
    for (const pool of leaked) pool.close();
    alive -= leaked.length;
    ctx.gauge("workers", alive);
  }
}
