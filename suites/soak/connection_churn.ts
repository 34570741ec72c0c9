/**
 * soak/connection-churn — the seed's namespace churn (`seeds/002`) in a
 * form Deno can do: open, use and close loopback TCP connections at a
 * rate, against an echo peer in the same process. Its twin
 * `connection-churn-leaky` forgets to close one connection in `leakEvery`,
 * so both ends stay open: two file descriptors per leak.
 *
 * @module
 */

import {
  defineSoakWorkload,
  type SoakContext,
  type SoakWorkload,
} from "../../mod.ts";
import { closeQuietly } from "../../fixtures/workloads/close_quietly.ts";
import {
  encodeFrame,
  FrameReader,
  startEchoPeer,
  writeAll,
} from "../../fixtures/workloads/framed_peer.ts";
import { integerOption, runPaced } from "./_pace.ts";

const REQUEST = encodeFrame(new TextEncoder().encode("connection-churn"));

const CHURN_DEFAULTS = {
  /** Connections opened per second. */
  ratePerSec: 100,
  /** Round trips in flight at most (a connection each). */
  concurrency: 16,
};

/**
 * Opens, uses and closes loopback connections at a rate. Each operation
 * connects to an echo peer on 127.0.0.1, writes a small frame, reads its
 * echo and closes; it counts "operations", "errors" and "dropped" and
 * records "latency" (ms from its slot) as `runPaced` does, and gauges
 * "connections" (client connections open now). On abort it closes every
 * connection and the peer.
 *
 * Options: `ratePerSec` (100), `concurrency` (16).
 *
 * @example
 * ```ts
 * import { connectionChurn } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(connectionChurn.name, "connection-churn");
 * assertEquals(connectionChurn.defaults, { ratePerSec: 100, concurrency: 16 });
 * ```
 */
export const connectionChurn: SoakWorkload = defineSoakWorkload({
  name: "connection-churn",
  description:
    "open a loopback TCP connection, echo a small frame, close it — at a rate",
  defaults: CHURN_DEFAULTS,
  run: (ctx) => churn(ctx, false),
});

/**
 * {@link connectionChurn} that forgets to close the `leakEvery`-th
 * connection it completes, up to `maxLeaked`: its end and the peer's stay
 * open, two file descriptors per leak. It gauges "leaked" (connections
 * leaked so far, exactly ⌊operations / leakEvery⌋ until the cap), and
 * closes them all when it stops.
 *
 * Measured on our VM (Deno 2.9.6): exactly two more file descriptors per
 * leak, and about 0.1 MiB of RSS.
 *
 * Options: `ratePerSec` (100), `concurrency` (16), `leakEvery` (50: two
 * leaks a second at the default rate, 1200 in ten minutes), `maxLeaked`
 * (2000: reached after about 17 minutes at the defaults, 4000 file
 * descriptors, a fifth of the 20000 `ulimit -n` of our VM).
 *
 * @example
 * ```ts
 * import { connectionChurnLeaky } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(connectionChurnLeaky.name, "connection-churn-leaky");
 * assertEquals(connectionChurnLeaky.defaults?.leakEvery, 50);
 * ```
 */
export const connectionChurnLeaky: SoakWorkload = defineSoakWorkload({
  name: "connection-churn-leaky",
  description: "connection-churn that leaves one connection in leakEvery open",
  defaults: { ...CHURN_DEFAULTS, leakEvery: 50, maxLeaked: 2000 },
  run: (ctx) => churn(ctx, true),
});

async function churn(ctx: SoakContext, leaky: boolean): Promise<void> {
  const concurrency = integerOption(ctx, "concurrency", 1);
  const leakEvery = leaky ? integerOption(ctx, "leakEvery", 1) : 0;
  const maxLeaked = leaky ? integerOption(ctx, "maxLeaked", 0) : 0;
  const peer = startEchoPeer();
  const open = new Set<Deno.TcpConn>();
  const leaked: Deno.TcpConn[] = [];
  let completed = 0;
  // Closing on abort fails the reads in flight, so the churn stops at once.
  const closeAll = () => {
    for (const conn of open) closeQuietly(conn);
  };
  ctx.signal.addEventListener("abort", closeAll);
  try {
    await runPaced(ctx, concurrency, async () => {
      const conn = await Deno.connect({
        hostname: "127.0.0.1",
        port: peer.port,
      });
      open.add(conn);
      ctx.gauge("connections", open.size);
      let leak = false;
      try {
        await writeAll(conn, REQUEST);
        const echo = await new FrameReader(conn).next();
        if (echo === null) {
          throw new Error(
            "connection-churn: the echo peer closed before answering",
          );
        }
        completed++;
        leak = leaky && completed % leakEvery === 0 &&
          leaked.length < maxLeaked;
        if (leak) {
          leaked.push(conn);
          ctx.gauge("leaked", leaked.length);
        }
      } finally {
        if (!leak) {
          open.delete(conn);
          closeQuietly(conn);
          ctx.gauge("connections", open.size);
        }
      }
    });
  } finally {
    ctx.signal.removeEventListener("abort", closeAll);
    closeAll();
    open.clear();
    ctx.gauge("connections", 0);
    await peer.close();
  }
}
