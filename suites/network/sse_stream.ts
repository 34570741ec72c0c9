/**
 * network/sse_stream — from `shared/seeds/001_…`: an SSE endpoint on
 * `Deno.serve` streams N events to a `fetch` client that reads the body as
 * it arrives. The streaming fix there had three parts; each is a variant
 * here, to see what it does on Deno:
 *
 * - keep-alive by a persistent interval timer vs a sleep that is armed only
 *   while waiting for the next event and reset by every event;
 * - with or without a yield (one macrotask turn, `setTimeout(0)`) before
 *   the server's send loop and the client's read loop;
 * - with or without a warm-up request first.
 *
 * Events come in bursts (20 at a time, then a short gap), as from a
 * broadcast channel. Look at the modality line of `eventLatency`: the seed
 * found 24% of events in a slow mode until the fix.
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
  type KeepAlive,
  startSseServer,
} from "../../fixtures/workloads/sse_server.ts";

/** Options of {@link sseStream}. */
export interface SseStreamOptions {
  /** Events per stream. @default 200 */
  events?: number;
  /** Events per burst. @default 20 */
  burst?: number;
  /** Gap between bursts, ms. @default 3 */
  gapMs?: number;
  /** Keep-alive period, ms. @default 2 */
  keepAliveMs?: number;
  /** The yield axis: yield before the loops or not. @default [false, true] */
  yieldFirst?: boolean[];
  /** The warm-up axis: a warm-up request first or not. @default [false, true] */
  warmup?: boolean[];
}

/**
 * The suite: cases `interval` and `sleep-reset` over yield (no, yes) ×
 * warm-up (no, yes), recording drain time (first byte → last event), latency
 * per event (sent → parsed by the client) and keep-alives sent while the
 * stream was open; sleep-reset compared with interval on event latency.
 *
 * @param options events, burst shape, keep-alive period
 * @returns the suite
 *
 * @example
 * ```ts
 * import { sseStream } from "@looplab/looplab/suites/network";
 * import { assertEquals } from "@std/assert";
 * const suite = sseStream({ events: 500 });
 * assertEquals(suite.cases.map((c) => c.name), ["interval", "sleep-reset"]);
 * assertEquals(suite.params, { yield: [false, true], warmup: [false, true] });
 * ```
 */
export const sseStream: SuiteFactory<SseStreamOptions> = defineSuiteFactory(
  "sseStream",
  (options: SseStreamOptions = {}) => {
    const o = {
      events: options.events ?? 200,
      burst: options.burst ?? 20,
      gapMs: options.gapMs ?? 3,
      keepAliveMs: options.keepAliveMs ?? 2,
    };
    assertIntegerInRange(o.events, "events", 1);
    assertIntegerInRange(o.burst, "burst", 1);
    assertNumberInRange(o.gapMs, "gapMs", 0, Infinity, {
      minExclusive: true,
    });
    assertNumberInRange(o.keepAliveMs, "keepAliveMs", 0, Infinity, {
      minExclusive: true,
    });
    const metrics = {
      drain: {
        unit: "ms",
        direction: "smaller" as const,
        description: "first byte → last event",
      },
      eventLatency: {
        unit: "µs",
        direction: "smaller" as const,
        description: "sent → parsed by the client",
      },
      keepAlives: {
        unit: "count",
        direction: "smaller" as const,
        description: "keep-alives sent while the stream was open",
      },
    };
    const axes = {
      yield: booleanAxis(options.yieldFirst, "yieldFirst"),
      warmup: booleanAxis(options.warmup, "warmup"),
    };
    return {
      name: "network/sse_stream",
      description:
        `${o.events} events in bursts of ${o.burst}, ${o.gapMs} ms apart; keep-alive every ${o.keepAliveMs} ms`,
      params: axes,
      cases: (["interval", "sleep-reset"] as KeepAlive[]).map((keepAlive) =>
        experiment(keepAlive, metrics, (ctx) => stream(ctx, keepAlive, o), {
          description: keepAlive === "interval"
            ? "keep-alive from a persistent setInterval"
            : "keep-alive from a timeout armed while waiting, reset by every event",
          repetitions: { min: 2 },
        })
      ),
      comparisons: [{
        base: "interval",
        candidate: "sleep-reset",
        metric: "eventLatency",
      }],
    };
  },
);

async function stream(
  ctx: ExperimentContext,
  keepAlive: KeepAlive,
  o: { events: number; burst: number; gapMs: number; keepAliveMs: number },
): Promise<void> {
  const yieldFirst = ctx.params.yield === true;
  const server = startSseServer({ keepAlive, ...o, yieldFirst });
  const url = `http://127.0.0.1:${server.port}/events`;
  try {
    if (ctx.params.warmup === true) {
      await (await fetch(`${url}?n=1`)).arrayBuffer();
    }
    server.resetKeepAlives();
    const response = await fetch(url);
    const reader = response.body!.pipeThrough(new TextDecoderStream())
      .getReader();
    if (yieldFirst) await delay(0);
    let buffered = "";
    let firstByte = NaN;
    let lastEvent = NaN;
    let received = 0;
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      const now = performance.now();
      if (Number.isNaN(firstByte)) firstByte = now;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!message.startsWith("data: ")) continue; // a keep-alive
        const sentMs = Number(message.split(" ")[2]);
        ctx.record("eventLatency", (now - sentMs) * 1000);
        received++;
        lastEvent = now;
      }
    }
    if (received !== o.events) {
      throw new Error(`received ${received} of ${o.events} events`);
    }
    ctx.record("drain", lastEvent - firstByte);
    ctx.record("keepAlives", server.keepAlives);
  } finally {
    await server.shutdown();
  }
}
