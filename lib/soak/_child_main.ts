/**
 * The entry point of a soak's child: imports one workload and runs it until
 * asked to stop, reporting over a control channel — stdout lines behind a
 * marker and the run's nonce — a heartbeat every interval (the V8 heap from
 * `Deno.memoryUsage`, the event loop's lag, the workload's counters, gauges
 * and values) and, before it ends, how it is ending: a normal end, an
 * uncaught exception, an unhandled rejection, or `Deno.exit(n)` (wrapped).
 * Those are told apart here because the exit status cannot: an uncaught
 * exception and `Deno.exit(1)` both end with code 1. The parent asks it to
 * stop by closing its stdin.
 *
 * `deno run … _child_main.ts REQUEST_JSON`
 *
 * @module
 */

import { startLagProbe } from "../measure/mod.ts";
import { installLeakTracker, loadSuite } from "../runner/mod.ts";
import {
  caseWorkload,
  isSoakWorkload,
  type SoakContext,
  type SoakWorkload,
} from "./workload.ts";
import {
  type ChildMessage,
  type ChildRequest,
  controlLine,
} from "./_control.ts";

/** The lag probe's period: fine enough to catch a block of a few ms. */
const LAG_PROBE_MS = 10;

const request = JSON.parse(Deno.args[0]) as ChildRequest;
// Before the workload loads: every timer, listener, connection, Worker and
// process it opens is counted while open.
const tracker = installLeakTracker();
const exit = Deno.exit;
const encoder = new TextEncoder();
const send = (message: ChildMessage): void => {
  // Synchronous: the line is out before an exit that follows it.
  const bytes = encoder.encode(controlLine(request.nonce, message));
  let written = 0;
  while (written < bytes.length) {
    written += Deno.stdout.writeSync(bytes.subarray(written));
  }
};

let ending = false;
const end = (message: ChildMessage & { type: "ending" }): void => {
  if (ending) return;
  ending = true;
  send(message);
};
Deno.exit = ((code?: number): never => {
  end({ type: "ending", end: "exit", code: code ?? 0 });
  return exit(code);
}) as typeof Deno.exit;
globalThis.addEventListener("error", (event) => {
  end({
    type: "ending",
    end: "uncaught exception",
    message: describe(event.error ?? event.message),
  });
});
globalThis.addEventListener("unhandledrejection", (event) => {
  end({
    type: "ending",
    end: "unhandled rejection",
    message: describe(event.reason),
  });
});

const workload = await loadWorkload();

const controller = new AbortController();
const counters: Record<string, number> = {};
const gauges: Record<string, number> = {};
let values: Record<string, number[]> = {};
const context: SoakContext = {
  signal: controller.signal,
  options: { ...workload.defaults, ...request.options },
  count(counter, by = 1) {
    counters[counter] = (counters[counter] ?? 0) + by;
  },
  gauge(name, value) {
    gauges[name] = value;
  },
  record(metric, value) {
    (values[metric] ??= []).push(value);
  },
};

// The heartbeat: absolute deadlines, so that a late beat does not drift the
// next; its lag is read from a finer probe restarted each beat.
let probe = startLagProbe(LAG_PROBE_MS);
const started = performance.now();
let beat = 0;
let beatTimer = 0;
const heartbeat = (): void => {
  const lateness = probe.stop();
  // What the heap retains, not what it has yet to collect: a sawtooth of
  // garbage is not a leak.
  if (request.gc) (globalThis as { gc?: () => void }).gc?.();
  probe = startLagProbe(LAG_PROBE_MS);
  const memory = Deno.memoryUsage();
  const metrics: Record<string, { count: number; p50: number; max: number }> =
    {};
  for (const [name, xs] of Object.entries(values)) {
    xs.sort((a, b) => a - b);
    metrics[name] = {
      count: xs.length,
      p50: xs[xs.length >> 1],
      max: xs[xs.length - 1],
    };
  }
  values = {};
  send({
    type: "beat",
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    lagMaxMs: lateness.length === 0 ? 0 : Math.max(...lateness),
    counters,
    gauges,
    handles: tracker.outstanding(),
    metrics,
  });
  beat++;
  const due = started + beat * request.intervalMs;
  // The tracker's own timer: the harness's beat is not the workload's.
  beatTimer = tracker.setTimeout(
    heartbeat,
    Math.max(0, due - performance.now()),
  );
};
heartbeat();

// Stop when the parent closes stdin (or dies).
(async () => {
  for await (const _ of Deno.stdin.readable) { /* until it closes */ }
  controller.abort();
})();

try {
  await workload.run(context);
} catch (error) {
  // The workload threw: an uncaught exception, though it reaches the
  // runtime as the rejection of this module's top-level await.
  end({ type: "ending", end: "uncaught exception", message: describe(error) });
  throw error;
}
tracker.clearTimeout(beatTimer);
probe.stop();
end({ type: "ending", end: "normal end" });
exit(0);

/** The workload: a suite's case rebuilt, or one its module exports. */
async function loadWorkload(): Promise<SoakWorkload> {
  const ref = request.case;
  if (ref !== undefined) {
    return caseWorkload(
      await loadSuite(ref.origin, ref.suite),
      ref.case,
      ref.params,
    );
  }
  const exports = await import(request.module) as Record<string, unknown>;
  const found = Object.values(exports).find((value) =>
    isSoakWorkload(value) && value.name === request.workload
  );
  if (found === undefined || !isSoakWorkload(found)) {
    throw new Error(
      `${request.module} exports no soak workload named "${request.workload}"`,
    );
  }
  return found;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
