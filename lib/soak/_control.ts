/**
 * The control channel between a soak and its child: one request as the
 * child's argument, then lines on the child's stdout behind a marker and
 * the soak's nonce, so that whatever the workload prints cannot be taken
 * for a message.
 *
 * @module
 */

import type { SoakEndKind, SoakSample } from "./types.ts";
import type { SoakCaseReference } from "./workload.ts";

/** What the soak hands its child. */
export interface ChildRequest {
  /** The workload's module URL. */
  module: string;
  /** The workload's name. */
  workload: string;
  /** For a suite's case: the case to rebuild, instead of an exported workload. */
  case?: SoakCaseReference;
  /** Its options over its defaults. */
  options: Record<string, number>;
  /** The heartbeat's period, ms. */
  intervalMs: number;
  /** Collect garbage before each heartbeat reads the heap (`--expose-gc`). */
  gc?: boolean;
  /** Tags the control lines. */
  nonce: string;
}

/**
 * A heartbeat: what the child alone can see of itself — the fields of a
 * sample that come from inside (see `SoakSample`).
 */
export type Beat =
  & { type: "beat" }
  & Pick<
    SoakSample,
    | "heapUsedBytes"
    | "heapTotalBytes"
    | "externalBytes"
    | "lagMaxMs"
    | "counters"
    | "gauges"
    | "handles"
    | "metrics"
  >;

/** How the child is ending, told before it ends. */
export interface Ending {
  /** Discriminant. */
  type: "ending";
  /** The kind, as far as the child can tell. */
  end: Extract<
    SoakEndKind,
    "normal end" | "uncaught exception" | "unhandled rejection" | "exit"
  >;
  /** For an exit, its code. */
  code?: number;
  /** For an error, its name and message. */
  message?: string;
}

/** A message from the child. */
export type ChildMessage = Beat | Ending;

/** The prefix of a control line, before the nonce. */
export const CONTROL_MARKER = "\u001eLOOPLAB-SOAK:";

/**
 * The line that carries a message, on a line of its own.
 *
 * @param nonce the soak's nonce
 * @param message the message
 * @returns one line, ending in a newline
 *
 * @example
 * ```ts
 * import { controlLine, readControlLine } from "./_control.ts";
 * import { assertEquals } from "@std/assert";
 * const line = controlLine("n1", { type: "ending", end: "normal end" });
 * assertEquals(readControlLine(line.trim(), "n1"), {
 *   type: "ending",
 *   end: "normal end",
 * });
 * assertEquals(readControlLine("hello from the workload", "n1"), null);
 * ```
 */
export function controlLine(nonce: string, message: ChildMessage): string {
  // A newline first: whatever the workload printed without one must not
  // glue itself to the front of the marker.
  return `\n${CONTROL_MARKER}${nonce}:${JSON.stringify(message)}\n`;
}

/**
 * The message a line carries, or null for any other line (the workload's
 * own output, another nonce, a line cut short).
 *
 * @param line one line of the child's stdout, without its newline
 * @param nonce the soak's nonce
 * @returns the message, or null
 */
export function readControlLine(
  line: string,
  nonce: string,
): ChildMessage | null {
  const prefix = `${CONTROL_MARKER}${nonce}:`;
  if (!line.startsWith(prefix)) return null;
  try {
    return JSON.parse(line.slice(prefix.length)) as ChildMessage;
  } catch {
    return null;
  }
}
