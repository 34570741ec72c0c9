/**
 * The looplab peer: the three workloads as a suite module, written against
 * the public API as an outside repo would; bench:peers runs it through
 * `deno task bench` with the default settings.
 *
 * @module
 */

import { bench, defineSuite, type Suite } from "../mod.ts";
import { WORKLOAD_NAMES, WORKLOADS } from "./_peers_workloads.ts";

/** The three workloads, one bench case each. */
export const peers: Suite = defineSuite({
  name: "peers",
  cases: WORKLOAD_NAMES.map((name) => bench(name, () => WORKLOADS[name])),
});
