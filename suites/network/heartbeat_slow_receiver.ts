/**
 * network/heartbeat_slow_receiver — from `shared/seeds/000_…`: a client
 * streams data to a server that keeps sending heartbeats but reads slowly
 * and irregularly. TCP backpressure fills the client's send buffer and its
 * writes pend. The client enforces a write timeout the only way Deno allows
 * (it has no write deadline): it races each write against a timer and closes
 * the connection when the timer wins. Two policies:
 *
 * - fixed — the deadline is set when a write starts and never moves;
 * - reset-on-heartbeat — every heartbeat from the server renews it: the peer
 *   is alive, merely slow.
 *
 * Swept over the server's stall length against the timeout: stalls longer
 * than the timeout should kill `fixed` connections and spare the others.
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertNumberInRange,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  numberAxis,
  type SuiteFactory,
} from "../../mod.ts";
import { startSlowReceiver } from "../../fixtures/workloads/heartbeat_peer.ts";

/** The write-deadline policies. */
export type DeadlinePolicy = "fixed" | "reset-on-heartbeat";

/** Options of {@link heartbeatSlowReceiver}. */
export interface HeartbeatSlowReceiverOptions {
  /** The client's write timeout, ms. @default 150 */
  timeoutMs?: number;
  /** Server stall lengths to sweep, ms. @default [50, 100, 200, 400] */
  stallMs?: number[];
  /** Server reads freely this long between stalls, ms. @default 100 */
  readMs?: number;
  /** Heartbeat period, ms. @default 20 */
  heartbeatMs?: number;
  /** How long the client streams per trial, ms. @default 500 */
  trialMs?: number;
  /** Bytes per write. @default 65536 */
  chunkBytes?: number;
}

/**
 * The suite: one experiment per policy over the stall length, recording per
 * trial whether the connection was killed (`timeouts`), bytes delivered,
 * the longest write stall, heartbeats seen, and the send-queue depth
 * (written minus read) sampled every 10 ms; reset-on-heartbeat compared with
 * fixed on timeouts; both swept over the stall length.
 *
 * @param options timeout, stall lengths, read pattern, trial length
 * @returns the suite
 *
 * @example
 * ```ts
 * import { heartbeatSlowReceiver } from "@looplab/looplab/suites/network";
 * import { assertEquals } from "@std/assert";
 * const suite = heartbeatSlowReceiver({ timeoutMs: 100, stallMs: [50, 300] });
 * assertEquals(suite.params, { stallMs: [50, 300] });
 * assertEquals(suite.comparisons, [
 *   { base: "fixed", candidate: "reset-on-heartbeat", metric: "timeouts" },
 * ]);
 * ```
 */
export const heartbeatSlowReceiver: SuiteFactory<HeartbeatSlowReceiverOptions> =
  defineSuiteFactory(
    "heartbeatSlowReceiver",
    (options: HeartbeatSlowReceiverOptions = {}) => {
      const positive = { minExclusive: true };
      const o = {
        timeoutMs: options.timeoutMs ?? 150,
        stallMs: numberAxis(
          options.stallMs,
          "stallMs",
          0,
          Infinity,
          [50, 100, 200, 400],
          positive,
        ),
        readMs: options.readMs ?? 100,
        heartbeatMs: options.heartbeatMs ?? 20,
        trialMs: options.trialMs ?? 500,
        chunkBytes: options.chunkBytes ?? 65536,
      };
      for (
        const name of ["timeoutMs", "readMs", "heartbeatMs", "trialMs"] as const
      ) {
        assertNumberInRange(o[name], name, 0, Infinity, positive);
      }
      assertIntegerInRange(o.chunkBytes, "chunkBytes", 1);
      if (o.heartbeatMs >= o.timeoutMs) {
        throw new RangeError(
          `heartbeatMs (${o.heartbeatMs}) must be shorter than timeoutMs (${o.timeoutMs}), or no heartbeat can renew a deadline`,
        );
      }
      const metrics = {
        timeouts: {
          unit: "count",
          direction: "smaller" as const,
          description: "connections killed by the write timeout, per trial",
        },
        delivered: {
          unit: "bytes",
          direction: "bigger" as const,
          description: "bytes the server read, per trial",
        },
        longestStall: {
          unit: "ms",
          direction: "smaller" as const,
          description: "longest pending write, per trial",
        },
        heartbeats: {
          unit: "count",
          direction: "bigger" as const,
          description: "heartbeats the client saw, per trial",
        },
        queueDepth: {
          unit: "bytes",
          direction: "smaller" as const,
          description: "written minus read, every 10 ms",
        },
      };
      const policies: DeadlinePolicy[] = ["fixed", "reset-on-heartbeat"];
      return {
        name: "network/heartbeat_slow_receiver",
        description:
          `write timeout ${o.timeoutMs} ms; heartbeat every ${o.heartbeatMs} ms; ` +
          `server reads ${o.readMs} ms, then stalls`,
        params: { stallMs: o.stallMs },
        cases: policies.map((policy) =>
          experiment(policy, metrics, (ctx) => trial(ctx, policy, o), {
            description: policy === "fixed"
              ? "deadline set when a write starts, never moved"
              : "every heartbeat renews the deadline",
            repetitions: { min: 1 },
          })
        ),
        comparisons: [{
          base: "fixed",
          candidate: "reset-on-heartbeat",
          metric: "timeouts",
        }],
        sweeps: [{ param: "stallMs", metric: "timeouts" }],
      };
    },
  );

/** One connection streaming for `trialMs` (or until its write times out). */
async function trial(
  ctx: ExperimentContext,
  policy: DeadlinePolicy,
  o: {
    timeoutMs: number;
    readMs: number;
    heartbeatMs: number;
    trialMs: number;
    chunkBytes: number;
  },
): Promise<void> {
  const server = startSlowReceiver({
    readMs: o.readMs,
    stallMs: Number(ctx.params.stallMs),
    heartbeatMs: o.heartbeatMs,
  });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  let heartbeats = 0;
  let lastHeartbeat = performance.now();
  let closed = false;
  const reading = (async () => {
    const buffer = new Uint8Array(1024);
    try {
      while (true) {
        const n = await conn.read(buffer);
        if (n === null) return;
        heartbeats += n; // one byte per heartbeat
        lastHeartbeat = performance.now();
      }
    } catch {
      // Closed by the timeout or at the end.
    }
  })();
  const chunk = new Uint8Array(o.chunkBytes);
  let written = 0;
  let longestStall = 0;
  let killed = false;
  const depthTimer = setInterval(() => {
    ctx.record("queueDepth", Math.max(0, written - server.bytesRead));
  }, 10);
  const end = performance.now() + o.trialMs;
  try {
    while (performance.now() < end && !ctx.signal.aborted) {
      const started = performance.now();
      const write = conn.write(chunk);
      // Race the write against its deadline, re-armed while heartbeats
      // renew it (reset-on-heartbeat) or not at all (fixed).
      let outcome: "written" | "timeout" = "written";
      while (true) {
        const deadline = policy === "fixed"
          ? started + o.timeoutMs
          : Math.max(started, lastHeartbeat) + o.timeoutMs;
        const wait = deadline - performance.now();
        if (wait <= 0) {
          outcome = "timeout";
          break;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const result = await Promise.race([
          write.then((n) => n),
          new Promise<"tick">((
            r,
          ) => (timer = setTimeout(() => r("tick"), wait))),
        ]);
        clearTimeout(timer);
        if (result !== "tick") {
          written += result;
          break;
        }
      }
      longestStall = Math.max(longestStall, performance.now() - started);
      if (outcome === "timeout") {
        killed = true;
        closed = true;
        conn.close();
        await write.catch(() => {}); // rejects (Interrupted) once closed
        break;
      }
    }
  } finally {
    clearInterval(depthTimer);
    if (!closed) conn.close();
    await reading;
    await server.close();
  }
  ctx.record("timeouts", killed ? 1 : 0);
  ctx.record("delivered", server.bytesRead);
  ctx.record("longestStall", longestStall);
  ctx.record("heartbeats", heartbeats);
}
