/**
 * The signals that end a process early and that looplab listens for, to
 * clean up before it goes (a run's forks, a write's temporary file, a
 * revision's checkout).
 * Windows delivers only SIGINT (and SIGBREAK) to listeners.
 *
 * @module
 */

/** SIGINT and SIGTERM; SIGINT alone on Windows. */
export const ENDING_SIGNALS: readonly Deno.Signal[] =
  Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];

/** Paths to remove should an ending signal arrive before they are released. */
const doomed = new Set<string>();
const onEndingSignal = new Map<Deno.Signal, () => void>(
  ENDING_SIGNALS.map((signal) => [signal, () => removeAndRaise(signal)]),
);

/**
 * Removes a path (a file, or a folder with what is in it) should an ending
 * signal arrive before {@link releaseOnEndingSignal}: a write's temporary
 * file, a revision's checkout. While one is held, a listener for each
 * ending signal is installed.
 *
 * @param path the path
 *
 * @example
 * ```ts ignore
 * removeOnEndingSignal(temporary);
 * try { await write(temporary); } finally { releaseOnEndingSignal(temporary); }
 * ```
 */
export function removeOnEndingSignal(path: string): void {
  if (doomed.size === 0) {
    for (const [signal, listener] of onEndingSignal) {
      Deno.addSignalListener(signal, listener);
    }
  }
  doomed.add(path);
}

/**
 * Stops {@link removeOnEndingSignal} from removing a path (it is in place,
 * or already removed); the last one released removes the listeners.
 *
 * @param path the path
 *
 * @example
 * ```ts ignore
 * releaseOnEndingSignal(temporary);
 * ```
 */
export function releaseOnEndingSignal(path: string): void {
  if (!doomed.delete(path) || doomed.size > 0) return;
  for (const [signal, listener] of onEndingSignal) {
    Deno.removeSignalListener(signal, listener);
  }
}

/**
 * Removes every path held, then raises the signal again with this listener
 * gone: a caller that listens goes on with its own handling; with no other
 * listener, the process ends by the signal as it would have without this
 * one.
 */
function removeAndRaise(signal: Deno.Signal): void {
  for (const path of [...doomed]) {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch {
      // Not made yet, already moved, or busy (a checkout's tar still
      // writing): its owner's next run cleans up what a checkout leaves.
    }
    releaseOnEndingSignal(path);
  }
  Deno.kill(Deno.pid, signal);
}
