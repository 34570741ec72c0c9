/**
 * The mitata peer: the three workloads with mitata's defaults, its JSON
 * format on stdout (samples left out: the centre is all bench:peers reads).
 * Colours are switched off up front: deciding them reads the environment,
 * which the peer is not granted, and JSON has none.
 *
 * @module
 */

import { bench, run } from "mitata";
import { WORKLOAD_NAMES, WORKLOADS } from "./_peers_workloads.ts";

for (const name of WORKLOAD_NAMES) bench(name, WORKLOADS[name]);
await run({
  format: { json: { samples: false, debug: false } },
  colors: false,
});
