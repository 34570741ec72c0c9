/**
 * How a soak's child ended, never read from its log: from what its harness
 * said over the control channel before it ended, and, where it said
 * nothing (a signal, a fatal error in V8, the kernel's OOM killer), from
 * the exit status.
 *
 * @module
 */

import type { Ending } from "./_control.ts";
import type { SoakEndKind } from "./types.ts";

/** A child's end, classified. */
export interface ClassifiedEnd {
  /** The kind. */
  end: SoakEndKind;
  /** The exit code, when it exited. */
  code: number | null;
  /** The signal, when one ended it. */
  signal: string | null;
  /** In words. */
  message: string;
}

/** Linux's signal numbers, for a status given as 128 + n. */
const SIGNALS: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  5: "SIGTRAP",
  6: "SIGABRT",
  9: "SIGKILL",
  11: "SIGSEGV",
  15: "SIGTERM",
};

/**
 * Classifies a child's end.
 *
 * @param ending what the child said before it ended; null when it said nothing
 * @param status its exit status
 * @param hung whether the soak killed it for sending no heartbeat
 * @returns the kind, code, signal and words
 *
 * @example
 * ```ts
 * import { classifyEnd } from "./_classify.ts";
 * import { assertEquals } from "@std/assert";
 * // Both end with code 1; only the harness's word tells them apart.
 * assertEquals(
 *   classifyEnd({ type: "ending", end: "exit", code: 1 }, { code: 1, signal: null }, false).end,
 *   "exit",
 * );
 * assertEquals(
 *   classifyEnd(
 *     { type: "ending", end: "uncaught exception", message: "Error: boom" },
 *     { code: 1, signal: null },
 *     false,
 *   ).end,
 *   "uncaught exception",
 * );
 * assertEquals(
 *   classifyEnd(null, { code: 137, signal: "SIGKILL" }, false).message,
 *   "SIGKILL (possibly out of memory)",
 * );
 * ```
 */
export function classifyEnd(
  ending: Ending | null,
  status: { code: number | null; signal: string | null },
  hung: boolean,
): ClassifiedEnd {
  const signal = status.signal ??
    (status.code !== null && status.code > 128
      ? SIGNALS[status.code - 128] ?? null
      : null);
  const code = signal === null ? status.code : null;
  if (hung) {
    return {
      end: "hung",
      code,
      signal,
      message: "sent no heartbeat within the hang bound and was killed",
    };
  }
  if (ending !== null) {
    switch (ending.end) {
      case "exit":
        return {
          end: "exit",
          code: ending.code ?? code,
          signal: null,
          message: `Deno.exit(${ending.code ?? code})`,
        };
      case "normal end":
        if (signal === null && code === 0) {
          return { end: "normal end", code: 0, signal: null, message: "ended" };
        }
        break;
      default:
        // An error the workload's own listener handled (preventDefault):
        // the process went on and ended well.
        if (signal === null && code === 0) {
          return { end: "normal end", code: 0, signal: null, message: "ended" };
        }
        return {
          end: ending.end,
          code,
          signal,
          message: ending.message ?? ending.end,
        };
    }
  }
  if (signal === "SIGTRAP") {
    return {
      end: "V8 fatal error",
      code: null,
      signal,
      message: "SIGTRAP: a V8 fatal error (its out-of-memory ends so)",
    };
  }
  if (signal === "SIGABRT") {
    return {
      end: "V8 fatal error",
      code: null,
      signal,
      message: "SIGABRT: aborted (a V8 fatal error or a failed assertion)",
    };
  }
  if (signal === "SIGKILL") {
    return {
      end: "signal",
      code: null,
      signal,
      message: "SIGKILL (possibly out of memory)",
    };
  }
  if (signal !== null) {
    return {
      end: "signal",
      code: null,
      signal,
      message: `killed by ${signal}`,
    };
  }
  return {
    end: "exit",
    code,
    signal: null,
    message: `exited with code ${code} without the harness's word (the ` +
      "workload ended the process, or Deno did)",
  };
}
