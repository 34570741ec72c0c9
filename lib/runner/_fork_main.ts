/**
 * The entry point of a fork: a fresh Deno process (fresh JIT, fresh heap)
 * that runs one job and prints its result. The leak tracker is installed
 * before any suite module is imported.
 *
 * @module
 */

import { type ForkResult, measureForkHere } from "./_measure_fork_here.ts";
import { type ForkRequest, resultLine } from "./_fork_protocol.ts";
import { installLeakTracker } from "./_leaks.ts";
import { BENCH_METRIC, BENCH_METRIC_SPEC, jobId } from "./_plan.ts";
import { loadSuite } from "./suite.ts";

const tracker = installLeakTracker();
const request = JSON.parse(
  await new Response(Deno.stdin.readable).text(),
) as ForkRequest;
let result: ForkResult;
try {
  const suite = await loadSuite(request.origin, request.suite);
  const c = suite.cases.find((x) => x.name === request.case);
  if (c === undefined) {
    throw new Error(`suite "${request.suite}" has no case "${request.case}"`);
  }
  result = await measureForkHere(
    {
      id: jobId(suite.name, c.name, request.params),
      suite,
      case: c,
      params: request.params,
      metrics: c.kind === "bench"
        ? { [BENCH_METRIC]: BENCH_METRIC_SPEC }
        : c.metrics,
    },
    request.settings,
    tracker,
  );
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  result = {
    status: "failed",
    failure: { kind: "invalid", message: e.message, detail: e.stack },
    metrics: {},
    elapsedMs: 0,
  };
}
await Deno.stdout.write(
  new TextEncoder().encode(resultLine(request.nonce, result)),
);
// Exit at once: a leaked timer or socket must not keep the fork alive.
Deno.exit(0);
