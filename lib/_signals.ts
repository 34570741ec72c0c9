/**
 * The signals that end a process early and that looplab listens for, to
 * clean up before it goes (a run's forks, a write's temporary file).
 * Windows delivers only SIGINT (and SIGBREAK) to listeners.
 *
 * @module
 */

/** SIGINT and SIGTERM; SIGINT alone on Windows. */
export const ENDING_SIGNALS: readonly Deno.Signal[] =
  Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
