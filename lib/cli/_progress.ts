/**
 * Progress on stderr: on a terminal a live line (case, fork i/N, elapsed,
 * remaining); off a terminal one plain line per finished case.
 *
 * @module
 */

import { terminalSafe } from "../report/mod.ts";
import type { ProgressEvent } from "../runner/mod.ts";

/**
 * Makes a progress handler for {@link run}'s `onProgress`.
 *
 * @param live whether stderr is a terminal
 * @returns the handler and a function that clears the live line
 *
 * @example
 * ```ts ignore
 * const progress = createProgress(Deno.stderr.isTerminal());
 * await run(suites, { onProgress: progress.onProgress });
 * progress.finish();
 * ```
 */
export function createProgress(live: boolean): {
  onProgress: (event: ProgressEvent) => void;
  finish: () => void;
} {
  const encoder = new TextEncoder();
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  let shown = false;
  const seconds = (ms: number) =>
    Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "…";
  return {
    onProgress(event) {
      // Case ids and failure messages come from suites: printed stripped.
      event = terminalSafe(event);
      if (event.type === "fork") {
        if (!live) return;
        const line = `[${event.done + 1}/${event.total}] ${event.id} · fork ` +
          `${event.fork + 1}/${event.forks} · ${seconds(event.elapsedMs)} ` +
          `elapsed · ~${seconds(event.remainingMs)} left`;
        const width = Deno.consoleSize?.().columns ?? 80;
        write(`\r\x1b[K${line.slice(0, width - 1)}`);
        shown = true;
        return;
      }
      const text = event.status === "passed"
        ? `${event.id}: done`
        : `${event.id}: FAILED — ${event.message}`;
      if (live) {
        if (event.status === "failed") write(`\r\x1b[K${text}\n`);
      } else {
        write(`${text}\n`);
      }
    },
    finish() {
      if (live && shown) write("\r\x1b[K");
    },
  };
}
