import { assert, assertEquals, assertMatch } from "@std/assert";
import { type CliOutput, runCli } from "../../fixtures/runner/cli.ts";

const FIXTURES = new URL("../../fixtures/report/", import.meta.url).pathname;

function cli(...args: string[]): Promise<CliOutput> {
  return runCli(["--allow-read", "--allow-write"], args);
}

Deno.test("report renders a soak artifact in each of its formats, exit 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-soak-report-" });
  const soak = `${FIXTURES}soak_restarts.jsonl`;
  for (const format of ["terminal", "markdown", "md", "html", "json"]) {
    const out = `${dir}/out.${format}`;
    const r = await cli("report", soak, "--format", format, "--out", out);
    assertEquals(r.code, 0, `${format}: ${r.stderr}`);
    const text = await Deno.readTextFile(out);
    assertMatch(text, /Deno\.exit\(3\)/, format);
  }
  const json = JSON.parse(await Deno.readTextFile(`${dir}/out.json`));
  assertEquals(json.verdict.restarts, 5);
  assertEquals(json.samples.length, 30);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("report of a soak cut off mid-line prints it INTERRUPTED, to stdout by default", async () => {
  const r = await cli("report", `${FIXTURES}soak_interrupted.jsonl`);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stdout, /INTERRUPTED: the artifact has no verdict line/);
  assertMatch(r.stdout, /INTERRUPTED — what it left: FAIL/);
  const json = await cli(
    "report",
    `${FIXTURES}soak_interrupted.jsonl`,
    "--format",
    "json",
    "--compact",
  );
  assertEquals(json.code, 0, json.stderr);
  assertEquals(json.stdout.trimEnd().split("\n").length, 1);
  const record = JSON.parse(json.stdout);
  assertEquals([record.interrupted, record.cutOff], [true, true]);
});

Deno.test("a run-only format on a soak artifact is a usage error naming the soak's formats, exit 2", async () => {
  for (const format of ["csv", "bmf", "gab"]) {
    const r = await cli(
      "report",
      `${FIXTURES}soak_ticker.jsonl`,
      "--format",
      format,
    );
    assertEquals(r.code, 2, format);
    assertMatch(
      r.stderr,
      new RegExp(
        `is a soak artifact; --format ${format} is for runs\\. ` +
          "A soak renders as: terminal, markdown, html, json",
      ),
    );
    assertEquals(r.stdout, "");
  }
});

Deno.test("a run artifact is still reported as a run, and a bad soak line is named", async () => {
  const run = await cli("report", `${FIXTURES}run.json`, "--format", "csv");
  assertEquals(run.code, 0, run.stderr);
  const dir = await Deno.makeTempDir({ prefix: "looplab-soak-report-" });
  const lines = (await Deno.readTextFile(`${FIXTURES}soak_ticker.jsonl`))
    .split("\n");
  lines[3] = "not json";
  await Deno.writeTextFile(`${dir}/bad.jsonl`, lines.join("\n"));
  const bad = await cli("report", `${dir}/bad.jsonl`);
  assertEquals(bad.code, 2);
  assertMatch(bad.stderr, /bad\.jsonl: line 4 is not JSON/);
  assert(!bad.stdout.includes("soak"));
  await Deno.remove(dir, { recursive: true });
});
