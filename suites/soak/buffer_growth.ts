/**
 * soak/buffer-growth — a cache filled at a steady rate. The healthy one
 * holds `entries` entries and evicts the oldest, so memory climbs and then
 * plateaus; its twin `buffer-growth-leaky` never evicts and grows until
 * `maxBytes`. The values are byte buffers, written so their pages are
 * really used: the growth shows in RSS and in the heap's external memory,
 * not in heapUsed (`timer-churn-leaky` leaks on the heap).
 *
 * @module
 */

import {
  defineSoakWorkload,
  type SoakContext,
  type SoakWorkload,
} from "../../mod.ts";
import { integerOption, runPaced } from "./_pace.ts";

/**
 * Fills a cache of at most `entries` buffers of `entryBytes` bytes at a
 * rate, evicting the oldest: it plateaus at `entries × entryBytes` (16 MiB
 * at the defaults, reached after about ten seconds). It counts
 * "operations" (insertions) and records "latency" (ms from its slot) as
 * `runPaced` does, and gauges "entries" and "cachedBytes". It empties the
 * cache when it stops.
 *
 * Options: `ratePerSec` (100), `entryBytes` (16384), `entries` (1024).
 *
 * @example
 * ```ts
 * import { bufferGrowth } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(bufferGrowth.name, "buffer-growth");
 * assertEquals(bufferGrowth.defaults?.entries, 1024);
 * ```
 */
export const bufferGrowth: SoakWorkload = defineSoakWorkload({
  name: "buffer-growth",
  description:
    "a cache of byte buffers filled at a rate, evicting the oldest: it plateaus",
  defaults: { ratePerSec: 100, entryBytes: 16384, entries: 1024 },
  run: (ctx) => fill(ctx, integerOption(ctx, "entries", 1)),
});

/**
 * {@link bufferGrowth} without eviction: the same insertions, kept, until
 * they reach `maxBytes` (1 GiB by default: about 1.6 MiB/s at the default
 * rate, 280 MiB in three minutes, reached after about 11 minutes), where
 * it starts evicting so that it stays bounded. Measured on our VM: RSS
 * and external memory grow by the cached bytes (1.6 MiB/s), heapUsed stays
 * flat; the healthy one's RSS levels off about 25 MiB above its start.
 *
 * Options: `ratePerSec` (100), `entryBytes` (16384), `maxBytes` (2³⁰).
 *
 * @example
 * ```ts
 * import { bufferGrowthLeaky } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(bufferGrowthLeaky.name, "buffer-growth-leaky");
 * assertEquals(bufferGrowthLeaky.defaults?.maxBytes, 2 ** 30);
 * ```
 */
export const bufferGrowthLeaky: SoakWorkload = defineSoakWorkload({
  name: "buffer-growth-leaky",
  description: "buffer-growth that never evicts, up to maxBytes",
  defaults: { ratePerSec: 100, entryBytes: 16384, maxBytes: 2 ** 30 },
  run: (ctx) =>
    fill(
      ctx,
      Math.floor(
        integerOption(ctx, "maxBytes", 1) /
          integerOption(ctx, "entryBytes", 1),
      ),
    ),
});

async function fill(ctx: SoakContext, capacity: number): Promise<void> {
  const entryBytes = integerOption(ctx, "entryBytes", 1);
  const cache = new Map<number, Uint8Array>();
  let key = 0;
  try {
    // An insertion is synchronous: one in flight is all there can be.
    await runPaced(ctx, 1, () => {
      // Non-zero bytes: a zeroed buffer's pages need not be resident.
      cache.set(key, new Uint8Array(entryBytes).fill((key & 0xfe) + 1));
      cache.delete(key - capacity); // the oldest, once full
      key++;
      ctx.gauge("entries", cache.size);
      ctx.gauge("cachedBytes", cache.size * entryBytes);
      return Promise.resolve();
    });
  } finally {
    cache.clear();
    ctx.gauge("entries", 0);
    ctx.gauge("cachedBytes", 0);
  }
}
