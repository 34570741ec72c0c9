/**
 * Reports: pure functions of an artifact.
 *
 * @module
 */

export * from "./format.ts";
export * from "./terminal.ts";
