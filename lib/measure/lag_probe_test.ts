import { assert, assertEquals, assertThrows } from "@std/assert";
import { delay } from "@std/async/delay";
import { startLagProbe } from "./lag_probe.ts";

/** Spins the loop for at least `ms`: nothing else runs meanwhile. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

/**
 * Replaces the clock and the timers the probe reads with ones the test
 * moves by hand, so that the schedule is checked without real time.
 */
function fakeClock() {
  const real = {
    now: performance.now,
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
  };
  let nowMs = 1000;
  let armed: { callback: () => void; delayMs: number } | undefined;
  performance.now = () => nowMs;
  globalThis.setTimeout = ((callback: () => void, delayMs: number) => {
    armed = { callback, delayMs };
    return 1;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = (() => {
    armed = undefined;
  }) as typeof clearTimeout;
  return {
    /** The delay of the timer now armed, ms from now. */
    get armedDelayMs(): number | undefined {
      return armed?.delayMs;
    },
    /** Moves the clock to `ms` after the start and fires the armed timer. */
    fireAt(ms: number): void {
      nowMs = 1000 + ms;
      const { callback } = armed!;
      armed = undefined;
      callback();
    },
    /** Moves the clock without firing anything: the loop is blocked. */
    blockUntil(ms: number): void {
      nowMs = 1000 + ms;
    },
    restore(): void {
      performance.now = real.now;
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
    },
  };
}

Deno.test("a tick held back by a busy loop is late by at least the block, less the interval", async () => {
  const probe = startLagProbe(5);
  // The first tick is due 5 ms after the probe started; the loop is held
  // for 60 ms from (after) the start, so it cannot run before 60 ms.
  block(60);
  await delay(1); // armed after the overdue tick: fires after it
  const lateness = probe.stop();
  assert(lateness.length >= 1);
  assert(lateness[0] >= 60 - 5, `first tick late by ${lateness[0]} ms`);
});

Deno.test("a probe stopped while the loop is still blocked reports the overdue tick", () => {
  const probe = startLagProbe(5);
  block(30);
  const lateness = probe.stop();
  assertEquals(lateness.length, 1);
  assert(lateness[0] >= 30 - 5, `overdue by ${lateness[0]} ms`);
  assertEquals(probe.stop(), lateness); // stopping twice adds nothing
});

Deno.test("after a block the probe skips to the next future deadline instead of bursting", () => {
  const clock = fakeClock();
  try {
    const probe = startLagProbe(5);
    assertEquals(clock.armedDelayMs, 5);
    clock.fireAt(5.5); // on time, give or take the timer's resolution
    assertEquals(clock.armedDelayMs, 4.5); // towards 10, not 5.5 + 5
    // The loop blocks until 52: the ticks due at 10, 15, …, 50 are gone.
    clock.fireAt(52);
    // One late tick, then the next deadline still ahead (55), not the
    // swallowed ones at 15, 20, … one after another.
    assertEquals(clock.armedDelayMs, 3);
    clock.fireAt(55);
    assertEquals(probe.stop(), [0.5, 42, 0]);
  } finally {
    clock.restore();
  }
});

Deno.test("stopping inside a block counts the tick that is overdue, and only it", () => {
  const clock = fakeClock();
  try {
    const probe = startLagProbe(10);
    clock.fireAt(10);
    clock.blockUntil(47); // the tick due at 20 is 27 ms overdue
    assertEquals(probe.stop(), [0, 27]);
    assertEquals(clock.armedDelayMs, undefined); // nothing left armed
  } finally {
    clock.restore();
  }
});

Deno.test("a probe needs a positive, finite interval", () => {
  for (const bad of [0, -1, NaN, Infinity]) {
    assertThrows(
      () => startLagProbe(bad),
      RangeError,
      `lag probe interval must be > 0 ms, got ${bad}`,
    );
  }
});
