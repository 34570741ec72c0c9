import { assertEquals } from "@std/assert";
import denoJson from "../deno.json" with { type: "json" };
import { VERSION } from "./version.ts";

Deno.test("VERSION equals the version in deno.json", () => {
  assertEquals(VERSION, denoJson.version);
});
