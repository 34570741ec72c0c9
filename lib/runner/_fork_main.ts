/**
 * The entry point of a fork: a fresh Deno process (fresh JIT, fresh heap)
 * that runs one job, or a group's jobs interleaved (of one suite, or of two
 * revisions' suites), and prints the results.
 * The leak tracker is installed before any suite module is imported.
 *
 * @module
 */

import { type ForkResult, measureForkHere } from "./_measure_fork_here.ts";
import { type ForkRequest, resultLine } from "./_fork_protocol.ts";
import { installLeakTracker } from "./_leaks.ts";
import { BENCH_METRIC, BENCH_METRIC_SPEC, type Job, jobId } from "./_plan.ts";
import { loadSuite, type Suite } from "./suite.ts";

// Kept before any suite loads: a Deno.bench file's benches trap Deno.exit.
const exit = Deno.exit;
const tracker = installLeakTracker();
const stdin = Deno.stdin.readable.getReader();
const request = JSON.parse(await firstLine(stdin)) as ForkRequest;
let results: ForkResult[];
try {
  const suites: Suite[] = [];
  for (const { origin, name } of request.suites) {
    suites.push(await loadSuite(origin, name));
  }
  const jobs: Job[] = request.members.map((member) => {
    const suite = suites[member.suite];
    const c = suite.cases.find((x) => x.name === member.case);
    if (c === undefined) {
      throw new Error(`suite "${suite.name}" has no case "${member.case}"`);
    }
    return {
      id: jobId(suite.name, c.name, member.params),
      suite,
      case: c,
      params: member.params,
      metrics: c.kind === "bench"
        ? { [BENCH_METRIC]: BENCH_METRIC_SPEC }
        : c.metrics,
    };
  });
  results = await measureForkHere(jobs, request.settings, tracker);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  results = request.members.map(() => ({
    status: "failed",
    failure: { kind: "invalid", message: e.message, detail: e.stack },
    metrics: {},
    elapsedMs: 0,
  }));
}
await Deno.stdout.write(
  new TextEncoder().encode(resultLine(request.nonce, results)),
);
// The parent reads what the host did to this process from /proc, then
// closes stdin (so does its death). Then exit at once: a leaked timer or
// socket must not keep the fork alive.
while (!(await stdin.read()).done) { /* until the parent closes it */ }
exit(0);

/** The request: stdin up to its first newline (or its end). */
async function firstLine(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}
