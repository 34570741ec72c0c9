/**
 * The CI recipe in docs/ci parses as YAML and holds what its README promises:
 * the pull-request gate runs `revs origin/main HEAD` on a full clone, reports
 * and uploads even when the gate fails, and asks for no secret; the Bencher
 * workflow sends the BMF file the bench step wrote. GitHub cannot be run here,
 * so this checks the files' fields, not a run.
 *
 * @module
 */

import { assert, assertEquals, assertMatch } from "@std/assert";
import { parse } from "@std/yaml";

/** The fields of a workflow step these tests read. */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "continue-on-error"?: unknown;
}

/** The fields of a job these tests read. */
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}

/** The fields of a workflow these tests read. */
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const PULL_REQUEST_WORKFLOW = "github-actions.yml";
const BENCHER_WORKFLOW = "bencher.yml";

/** An `if:` that runs the step after a failed one too. */
const ALWAYS = /\balways\(\)/;

/** A release tag (`@v8`, `@v0.6.8`) or a full commit SHA, not a branch. */
const PINNED = /@(v\d+(\.\d+)*|[0-9a-f]{40})$/;

async function readText(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, import.meta.url));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a workflow file and checks the shape the tests rely on. */
async function readWorkflow(name: string): Promise<Workflow> {
  const doc = parse(await readText(name));
  if (!isRecord(doc)) throw new TypeError(`${name}: not a YAML mapping`);
  // YAML 1.1 readers turn a bare `on` key into `true`; @std/yaml reads 1.2.
  if (!isRecord(doc.on)) throw new TypeError(`${name}: "on" is not a mapping`);
  if (!isRecord(doc.jobs)) {
    throw new TypeError(`${name}: "jobs" is not a mapping`);
  }
  for (const [id, job] of Object.entries(doc.jobs)) {
    if (!isRecord(job) || !Array.isArray(job.steps)) {
      throw new TypeError(`${name}: jobs.${id}.steps is not a list`);
    }
    job.steps.forEach((step, i) => {
      if (!isRecord(step)) {
        throw new TypeError(`${name}: jobs.${id}.steps[${i}] is not a mapping`);
      }
    });
  }
  return doc as unknown as Workflow;
}

/** The only job of a workflow (each recipe has one). */
function onlyJob(workflow: Workflow): Job {
  const jobs = Object.values(workflow.jobs);
  assertEquals(jobs.length, 1);
  return jobs[0];
}

/** The index of the one step whose command starts with `prefix`. */
function stepRunning(job: Job, prefix: string): number {
  const found = job.steps.flatMap((step, i) =>
    step.run?.trimStart().startsWith(prefix) ? [i] : []
  );
  assertEquals(found.length, 1, `one step should run "${prefix}"`);
  return found[0];
}

/** The index of the one step that uses `action` (name without version). */
function stepUsing(job: Job, action: string): number {
  const found = job.steps.flatMap((step, i) =>
    step.uses?.startsWith(`${action}@`) ? [i] : []
  );
  assertEquals(found.length, 1, `one step should use ${action}`);
  return found[0];
}

/** The value after `flag` in a command's words. */
function valueOf(words: readonly string[], flag: string): string | undefined {
  const i = words.indexOf(flag);
  return i === -1 ? undefined : words[i + 1];
}

Deno.test("the pull-request workflow runs on pull requests into main", async () => {
  const workflow = await readWorkflow(PULL_REQUEST_WORKFLOW);
  assertEquals(Object.keys(workflow.on), ["pull_request"]);
  assertEquals(workflow.on.pull_request, { branches: ["main"] });
});

Deno.test("the pull-request job asks for contents: read and pull-requests: write, the workflow for nothing", async () => {
  const workflow = await readWorkflow(PULL_REQUEST_WORKFLOW);
  assertEquals(workflow.permissions, {});
  assertEquals(onlyJob(workflow).permissions, {
    "contents": "read",
    "pull-requests": "write",
  });
});

Deno.test("the pull-request job checks out full history, then installs Deno 2.9.6 from npm, then runs revs", async () => {
  const job = onlyJob(await readWorkflow(PULL_REQUEST_WORKFLOW));
  const checkout = stepUsing(job, "actions/checkout");
  assertEquals(job.steps[checkout].with?.["fetch-depth"], 0);
  const install = stepRunning(job, "npm install -g deno@2.9.6");
  const revs = stepRunning(job, "deno task bench revs");
  assert(checkout < install && install < revs, "checkout, install, revs");
});

Deno.test("the revs step compares origin/main with HEAD using only the flags the issue names, and may fail the job", async () => {
  const job = onlyJob(await readWorkflow(PULL_REQUEST_WORKFLOW));
  const step = job.steps[stepRunning(job, "deno task bench revs")];
  const words = step.run!.trim().split(/\s+/);
  assertEquals(words.slice(0, 6), [
    "deno",
    "task",
    "bench",
    "revs",
    "origin/main",
    "HEAD",
  ]);
  const flags = words.filter((w) => w.startsWith("--"));
  assertEquals(flags, ["--md", "--json", "--fail-on-regression=5"]);
  assertEquals(valueOf(words, "--md"), "report.md");
  assertEquals(valueOf(words, "--json"), "revs.json");
  // Its exit code 1 is the gate: nothing may swallow it.
  assertEquals(step["continue-on-error"], undefined);
  assertEquals(step.if, undefined);
});

Deno.test("after revs, even when it failed: the report goes to the summary and the comment, the artifact is uploaded", async () => {
  const job = onlyJob(await readWorkflow(PULL_REQUEST_WORKFLOW));
  const revs = stepRunning(job, "deno task bench revs");

  const summary = job.steps.findIndex((s) =>
    s.run?.includes("report.md") && s.run.includes("$GITHUB_STEP_SUMMARY")
  );
  assert(summary > revs, "a step after revs writes report.md to the summary");
  assertMatch(job.steps[summary].if ?? "", ALWAYS);

  const comment = stepUsing(job, "actions/github-script");
  assert(comment > revs, "the comment step comes after revs");
  assertMatch(job.steps[comment].if ?? "", ALWAYS);
  const script = String(job.steps[comment].with?.script);
  assert(script.includes('"report.md"'), "the comment is report.md");
  // One comment per pull request, found again by its marker and updated.
  assert(script.includes("<!-- looplab-revs -->"));
  assert(script.includes("updateComment") && script.includes("createComment"));

  const upload = stepUsing(job, "actions/upload-artifact");
  assert(upload > revs, "the upload step comes after revs");
  assertMatch(job.steps[upload].if ?? "", ALWAYS);
  const paths = String(job.steps[upload].with?.path).trim().split("\n");
  assert(paths.includes("revs.json"), "revs.json is uploaded");
});

Deno.test("the pull-request workflow names no secret but GITHUB_TOKEN", async () => {
  const text = await readText(PULL_REQUEST_WORKFLOW);
  const secrets = [...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)]
    .map((m) => m[1]);
  assertEquals(secrets.filter((s) => s !== "GITHUB_TOKEN"), []);
});

Deno.test("the Bencher workflow runs on pushes to main", async () => {
  const workflow = await readWorkflow(BENCHER_WORKFLOW);
  assertEquals(Object.keys(workflow.on), ["push"]);
  const push = workflow.on.push;
  const branches = isRecord(push) ? push.branches : undefined;
  assert(
    Array.isArray(branches) && branches.includes("main"),
    "push.branches holds main",
  );
  assertEquals(workflow.permissions, {});
  assertEquals(onlyJob(workflow).permissions, { contents: "read" });
});

Deno.test("the Bencher workflow sends the BMF file the bench step wrote, through the json adapter", async () => {
  const job = onlyJob(await readWorkflow(BENCHER_WORKFLOW));
  const bench = stepRunning(job, "deno task bench");
  const bmf = valueOf(job.steps[bench].run!.trim().split(/\s+/), "--bmf");
  assertEquals(bmf, "bmf.json");

  const cli = stepUsing(job, "bencherdev/bencher");
  const send = stepRunning(job, "bencher run");
  assert(bench < send && cli < send, "bench and the CLI come before sending");
  const words = job.steps[send].run!.trim().split(/\s+/);
  assertEquals(valueOf(words, "--adapter"), "json");
  assertEquals(valueOf(words, "--file"), bmf);
  assertEquals(valueOf(words, "--branch"), "main");
  // The token comes from the environment, never the command line.
  assertEquals(
    job.steps[send].env?.BENCHER_API_TOKEN,
    "${{ secrets.BENCHER_API_TOKEN }}",
  );
  assert(!job.steps[send].run!.includes("secrets."));
});

Deno.test("every action in the recipe is pinned to a release, never a branch", async () => {
  for (const name of [PULL_REQUEST_WORKFLOW, BENCHER_WORKFLOW]) {
    const job = onlyJob(await readWorkflow(name));
    for (const step of job.steps) {
      if (step.uses !== undefined) assertMatch(step.uses, PINNED, name);
    }
  }
});

Deno.test("every ${{ expression }} in the recipe is closed on its line", async () => {
  for (const name of [PULL_REQUEST_WORKFLOW, BENCHER_WORKFLOW]) {
    (await readText(name)).split("\n").forEach((line, i) => {
      const opened = line.split("${{").length - 1;
      const closed = line.split("}}").length - 1;
      assertEquals(opened, closed, `${name}:${i + 1}: ${line.trim()}`);
    });
  }
});

Deno.test("the recipe's README names both workflows and where the measured rates are", async () => {
  // deno fmt wraps Markdown, so a sentence may span lines.
  const readme = (await readText("README.md")).replace(/\s+/g, " ");
  assert(readme.includes(PULL_REQUEST_WORKFLOW));
  assert(readme.includes(BENCHER_WORKFLOW));
  assert(
    readme.includes(
      "The measured rates are in the project README's revs section.",
    ),
  );
});
