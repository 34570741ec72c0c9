/**
 * The entry point of a listing fork: imports one `Deno.bench` file with the
 * recorder in place and prints what it registered, behind the result
 * marker and the request's nonce (`deno run … _deno_bench_list_main.ts
 * FILE NONCE`). The file's top-level code runs here, never in the CLI's
 * process; whatever it leaves running ends when this process exits.
 *
 * @module
 */

import { lateBenchCalls, listBenchFile } from "./_deno_bench_suite.ts";
import { RESULT_MARKER } from "./_fork_protocol.ts";
import { FACTORY, isSuite } from "./suite.ts";

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
  const exportsSuites = Object.values(exports).some((value) =>
    isSuite(value) || (typeof value === "function" && FACTORY in value)
  );
  listing = { benches, exportsSuites, late: lateBenchCalls() };
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
