/**
 * The built-in suites, by id: what `deno task bench` runs when given no
 * suite, and what `run <id>` selects.
 *
 * @module
 */

import type { Suite } from "../lib/runner/mod.ts";
import { backpressureSuites } from "./backpressure/mod.ts";
import { calibration } from "./calibration/mod.ts";
import {
  heartbeatSlowReceiver,
  serverCycling,
  sseStream,
} from "./network/mod.ts";

/**
 * The built-in suites with their default options, in run order.
 *
 * @returns the suites
 *
 * @example
 * ```ts ignore
 * import { builtinSuites } from "@looplab/looplab/suites";
 * builtinSuites().map((s) => s.name); // ["calibration", "backpressure/…", …]
 * ```
 */
export function builtinSuites(): Suite[] {
  return [
    calibration(),
    ...backpressureSuites(),
    heartbeatSlowReceiver(),
    serverCycling(),
    sseStream(),
  ];
}
