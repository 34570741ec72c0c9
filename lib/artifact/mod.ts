/**
 * The artifact: the JSON result of a run (types and JSON Schema), read with
 * validation and written atomically.
 *
 * @module
 */

export * from "./io.ts";
export * from "./types.ts";
