/**
 * The Deno.bench peer: the three workloads with `deno bench`'s defaults;
 * bench:peers runs it with `--json`.
 *
 * @module
 */

import { WORKLOAD_NAMES, WORKLOADS } from "./_peers_workloads.ts";

// Deno.bench's type wants a function returning void; at run time it ignores
// the value, so the sum's function is handed over as the other tools get it.
for (const name of WORKLOAD_NAMES) {
  Deno.bench(name, WORKLOADS[name] as () => void);
}
