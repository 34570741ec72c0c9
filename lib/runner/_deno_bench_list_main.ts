/**
 * The entry point of a listing fork: imports one `Deno.bench` file (or a
 * module exporting looplab suites) with the recorder in place and prints
 * what it registered and the shapes of the suites it exports, behind the result
 * marker and the request's nonce (`deno run … _deno_bench_list_main.ts
 * FILE NONCE`). The file's top-level code runs here, never in the CLI's
 * process; whatever it leaves running ends when this process exits.
 *
 * @module
 */

import { lateBenchCalls, listBenchFile } from "./_deno_bench_suite.ts";
import { RESULT_MARKER } from "./_fork_protocol.ts";
import { suiteShape } from "./_revision_suite.ts";
import { exportedSuites, FACTORY, isSuite } from "./suite.ts";

const exit = Deno.exit;
const [file, nonce] = Deno.args;
let listing: unknown;
try {
  const benches = await listBenchFile(file);
  // The module is cached: this reads its exports, it does not run it again.
  const exports = await import(file) as Record<string, unknown>;
  // A turn of the event loop, so that a Deno.bench call the file made from
  // a timer or a promise shows as late.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // A module with no bench: its suites' shapes, as `run` would take them (a
  // factory with its defaults; a suite exported twice, once) — what a
  // parent plans another project's suites with.
  const suites = benches.length === 0
    ? exportedSuites(exports).map((suite) => ({
      origin: suite.origin,
      shape: suiteShape(suite),
    }))
    : [];
  const exportsSuites = Object.values(exports).some((value) =>
    isSuite(value) || (typeof value === "function" && FACTORY in value)
  );
  listing = {
    benches,
    exportsSuites,
    suites,
    late: lateBenchCalls(),
  };
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  listing = { error: `${e.name}: ${e.message}`, detail: e.stack ?? null };
}
await Deno.stdout.write(
  new TextEncoder().encode(
    `${RESULT_MARKER}${nonce}:${JSON.stringify(listing)}\n`,
  ),
);
exit(0);
