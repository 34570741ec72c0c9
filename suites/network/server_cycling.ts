/**
 * network/server_cycling — from `shared/seeds/001_…`: benchmarks that start
 * and stop servers rapidly failed on CI with `AddrInUse`. This suite cycles
 * a `Deno.serve` server and a raw `Deno.listen` server: start → first
 * response → shutdown, N times, on port 0 and on one fixed port, with a
 * graceful shutdown (wait until it has finished) or an abrupt one (abort and
 * start the next at once), with and without a request still in flight.
 * `AddrInUse` is counted, never fatal.
 *
 * `reusePort` is unstable in Deno: without `--unstable-net` the process is
 * killed (exit 70) and no try/catch can stop it. Forks run without that
 * flag, so the suite records whether the fork has it (and `reusePort` then
 * works) without ever asking for `reusePort` where it would be fatal; the
 * variant itself is not run.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import {
  assertIntegerInRange,
  assertNumberInRange,
  booleanAxis,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type SuiteFactory,
} from "../../mod.ts";
import {
  type CyclingServer,
  firstResponseByte,
  freePort,
  startCyclingServer,
} from "../../fixtures/workloads/cycling_servers.ts";

/** Options of {@link serverCycling}. */
export interface ServerCyclingOptions {
  /** Start → response → shutdown cycles per repetition. @default 20 */
  cycles?: number;
  /** How long an in-flight request takes to answer, ms. @default 20 */
  inflightMs?: number;
  /**
   * Whether a request is in flight when the server stops: the axis's
   * values. @default [false, true]
   */
  inflight?: boolean[];
}

/**
 * The suite: cases `serve` (Deno.serve) and `listen` (raw Deno.listen) over
 * port (zero, fixed) × shutdown (graceful, abrupt) × in-flight (no, yes),
 * recording cold start (listen → first byte of the first response),
 * shutdown time, AddrInUse failures and failed in-flight requests per
 * repetition; plus `reuse-port`, which records whether `reusePort` was
 * available.
 *
 * @param options cycles, in-flight request length
 * @returns the suite
 *
 * @example
 * ```ts
 * import { serverCycling } from "@looplab/looplab/suites/network";
 * import { assertEquals } from "@std/assert";
 * const suite = serverCycling({ cycles: 50 });
 * const names = suite.cases.map((c) => c.name);
 * assertEquals(names, ["serve", "listen", "reuse-port"]);
 * assertEquals(suite.cases[0].params, {
 *   port: ["zero", "fixed"],
 *   shutdown: ["graceful", "abrupt"],
 *   inflight: [false, true],
 * });
 * ```
 */
export const serverCycling: SuiteFactory<ServerCyclingOptions> =
  defineSuiteFactory(
    "serverCycling",
    (options: ServerCyclingOptions = {}) => {
      const cycles = options.cycles ?? 20;
      const inflightMs = options.inflightMs ?? 20;
      const inflight = booleanAxis(options.inflight, "inflight");
      assertIntegerInRange(cycles, "cycles", 1);
      assertNumberInRange(inflightMs, "inflightMs", 0);
      const metrics = {
        coldStart: {
          unit: "ms",
          direction: "smaller" as const,
          description: "listen → first byte of the first response",
        },
        shutdown: {
          unit: "ms",
          direction: "smaller" as const,
          description: "stop → finished",
        },
        addrInUse: {
          unit: "count",
          direction: "smaller" as const,
          description: "starts refused with AddrInUse, per repetition",
        },
        inflightFailed: {
          unit: "count",
          direction: "smaller" as const,
          description: "in-flight requests that failed, per repetition",
        },
      };
      // The cycling cases vary over these; the reuse-port probe does not.
      const axes = {
        port: ["zero", "fixed"],
        shutdown: ["graceful", "abrupt"],
        inflight,
      };
      return {
        name: "network/server_cycling",
        description:
          `${cycles} start → response → shutdown cycles on 127.0.0.1`,
        cases: [
          ...(["serve", "listen"] as const).map((kind) =>
            experiment(
              kind,
              metrics,
              (ctx) => cycle(ctx, kind, cycles, inflightMs),
              {
                description: kind === "serve"
                  ? "Deno.serve"
                  : "raw Deno.listen with a minimal HTTP reply",
                params: axes,
                repetitions: { min: 1, max: 3 },
                // Cycling servers for an hour finds what a cycle leaks.
                soak: true,
              },
            )
          ),
          experiment(
            "reuse-port",
            {
              available: {
                unit: "count",
                direction: "bigger",
                description:
                  "1 if reusePort worked in the fork (it needs --unstable-net)",
              },
            },
            (ctx) => {
              ctx.record("available", reusePortAvailable() ? 1 : 0);
            },
            {
              description:
                "probe only: the variant needs --unstable-net, which forks do not get",
              repetitions: { min: 1, max: 1 },
            },
          ),
        ],
        comparisons: [{
          base: "listen",
          candidate: "serve",
          metric: "coldStart",
        }],
      };
    },
  );

/**
 * Whether `reusePort` works in this process. Asked for without
 * `--unstable-net`, Deno ends the process (exit 70) where no try/catch can
 * stop it, so the option is tried only where `--unstable-net` is on, which
 * `Deno.listenDatagram` (defined only then) shows.
 */
function reusePortAvailable(): boolean {
  if (
    typeof (Deno as { listenDatagram?: unknown }).listenDatagram !== "function"
  ) {
    return false;
  }
  try {
    Deno.listen({ hostname: "127.0.0.1", port: 0, reusePort: true }).close();
    return true;
  } catch {
    return false;
  }
}

async function cycle(
  ctx: ExperimentContext,
  kind: "serve" | "listen",
  cycles: number,
  inflightMs: number,
): Promise<void> {
  const fixed = ctx.params.port === "fixed";
  const graceful = ctx.params.shutdown === "graceful";
  const inflight = ctx.params.inflight === true;
  const port = fixed ? freePort() : 0;
  let addrInUse = 0;
  let inflightFailed = 0;
  const stopping: Promise<void>[] = [];
  for (let i = 0; i < cycles && !ctx.signal.aborted; i++) {
    let server: (CyclingServer & { port: number }) | null = null;
    const listenAt = performance.now();
    // A refused start is counted, then retried once the previous server
    // has finished, so every cycle still runs.
    while (server === null) {
      try {
        server = startCyclingServer(kind, port, inflightMs);
      } catch (error) {
        if (!(error instanceof Deno.errors.AddrInUse)) throw error;
        addrInUse++;
        await Promise.all(stopping);
      }
    }
    await firstResponseByte(server.port, "/");
    ctx.recordSince("coldStart", listenAt);
    const pending = inflight
      ? firstResponseByte(server.port, "/slow").then(
        () => {},
        () => void inflightFailed++,
      )
      : Promise.resolve();
    if (inflight) await delay(1); // let it arrive
    const stopAt = performance.now();
    server.stop(graceful);
    const done = server.finished.then(() => {
      ctx.recordSince("shutdown", stopAt);
    });
    stopping.push(done, pending);
    if (graceful) await Promise.all([done, pending]);
  }
  await Promise.all(stopping);
  // An aborted Deno.serve stops at once but leaves its in-flight handlers
  // running (seen here: their timers outlived the server); give them the
  // time they need so that the case ends with nothing open.
  if (inflight && !graceful) {
    await delay(inflightMs + 10);
  }
  ctx.record("addrInUse", addrInUse);
  ctx.record("inflightFailed", inflightFailed);
}
