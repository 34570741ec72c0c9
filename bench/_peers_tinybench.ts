/**
 * The tinybench peer: the three workloads with tinybench's defaults. Its
 * results (latency in milliseconds, rme in percent) go to stdout as JSON,
 * one entry per task, in tinybench's own field names.
 *
 * @module
 */

import { Bench } from "tinybench";
import { WORKLOAD_NAMES, WORKLOADS } from "./_peers_workloads.ts";

const tinybench = new Bench();
for (const name of WORKLOAD_NAMES) tinybench.add(name, WORKLOADS[name]);
await tinybench.run();
console.log(JSON.stringify(tinybench.tasks.map((task) => {
  const result = task.result;
  return {
    name: task.name,
    state: result.state,
    latency: "latency" in result
      ? {
        mean: result.latency.mean,
        rme: result.latency.rme,
        samplesCount: result.latency.samplesCount,
      }
      : null,
  };
})));
