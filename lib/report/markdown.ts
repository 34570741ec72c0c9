/**
 * The Markdown report, for a pull-request comment. A "revs" artifact's
 * report opens with one line — how many comparisons of the candidate with
 * the base went faster, slower or unchanged, and the geometric mean of
 * their ratios — then both revisions and the cases on one side only. Then
 * for every artifact: an environment line, the
 * summary of what was found (each comparison on one line, their tally, the
 * cases whose forks were not steady or were disturbed), one table per
 * suite, the cases declared but not run, the comparisons with verdict
 * markers, and the warnings.
 * GitHub-flavoured: every string from the artifact — names, units,
 * messages, the environment — is escaped ({@link escapeCell}), so `|`
 * never breaks a table, raw HTML never reaches the page, and newlines never
 * reach a cell.
 *
 * @module
 */

import {
  type Artifact,
  caseId,
  type CaseRecord,
  type ComparisonRecord,
} from "../artifact/mod.ts";
import { formatP, formatValue } from "./_format.ts";
import { terminalSafe } from "./_sanitize.ts";
import { summarizeRevs, summarizeRun, unsettledPhrase } from "./_summary.ts";
import {
  comparisonTitle,
  counted,
  formatChange,
  modalityPhrase,
  oneSideText,
  outlierShare,
  skippedText,
  sweepFinding,
  verdictWord,
} from "./_vocabulary.ts";

/** Verdict markers: a reader scans the column for red. */
const MARKERS: Record<ComparisonRecord["verdict"], string> = {
  faster: "🟢",
  slower: "🔴",
  "no change": "⚪",
  "within noise": "⚪",
};

/**
 * Escapes text for a GitHub table cell: `|` and backslashes are escaped,
 * newlines become spaces, Markdown emphasis characters and `<` `>` are
 * escaped, and control characters are dropped ({@link terminalSafe}: a
 * report printed with `report --format md` reaches a terminal).
 *
 * @param text the raw text
 * @returns text safe inside `| … |`
 *
 * @example
 * ```ts
 * import { escapeCell } from "./markdown.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeCell("a|b"), "a\\|b");
 * ```
 */
export function escapeCell(text: string): string {
  return terminalSafe(text)
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replace(/[*_`<>[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, " ");
}

/**
 * Renders an artifact as GitHub-flavoured Markdown.
 *
 * @param artifact the run
 * @returns the Markdown text
 *
 * @example
 * ```ts ignore
 * await Deno.writeTextFile("report.md", renderMarkdown(artifact));
 * ```
 */
export function renderMarkdown(artifact: Artifact): string {
  const env = artifact.environment;
  const c = artifact.config;
  const commit = env.git?.commit.slice(0, 8) ?? "";
  const out: string[] = [...revsLines(artifact)];
  out.push(
    "## looplab results",
    "",
    escapeCell(
      `Deno ${env.deno} · ${env.os} ${env.arch} · ` +
        `${env.cpuModel ?? "unknown CPU"} × ${env.cores}`,
    ) +
      // A code span cannot escape a backtick: only a hash git wrote gets one.
      (env.git
        ? ` · ${
          /^[0-9a-f]+$/i.test(commit) ? `\`${commit}\`` : escapeCell(commit)
        }${env.git.dirty ? " (dirty)" : ""}`
        : "") +
      ` · ${counted(c.forks, "fork")} × ${c.timeMs} ms per case · ` +
      `${c.level * 100}% CIs · ${escapeCell(artifact.createdAt)}`,
  );
  out.push(...summaryLines(artifact));
  const suites = [...new Set(artifact.cases.map((x) => x.suite))];
  for (const suite of suites) {
    out.push("", `### ${escapeCell(suite)}`, "");
    out.push(
      "| case | metric | centre [CI] | p99 | outliers | modality |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const record of artifact.cases.filter((x) => x.suite === suite)) {
      out.push(...caseRows(record));
    }
  }
  const skipped = skippedText(artifact.skipped);
  if (skipped !== null) out.push("", escapeCell(skipped));
  if (artifact.comparisons.length > 0) {
    out.push(
      "",
      "### comparisons",
      "",
      "| candidate | base | metric | change [CI] | p (test) | verdict |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const cmp of artifact.comparisons) {
      out.push(
        `| ${escapeCell(cmp.candidate)} | ${escapeCell(cmp.base)}` +
          `${cmp.source === "baseline" ? " (baseline)" : ""} | ${
            escapeCell(cmp.metric)
          } | ` +
          `${escapeCell(formatChange(cmp, ", "))} | ${formatP(cmp.p)} (${
            escapeCell(cmp.test)
          }) | ` +
          `${MARKERS[cmp.verdict]} ${verdictWord(cmp.verdict, cmp.unit)} |`,
      );
    }
  }
  if (artifact.sweeps.length > 0) {
    out.push("", "### sweeps", "");
    for (const s of artifact.sweeps) {
      out.push(
        `- ${escapeCell(caseId(s.suite, s.case, s.fixed))}: ${
          escapeCell(s.metric)
        } over ${escapeCell(s.param)} — ${escapeCell(sweepFinding(s))}`,
      );
    }
  }
  const warnings = artifact.cases.flatMap((record) =>
    record.metrics.flatMap((m) =>
      m.warnings.map((w) =>
        `- ${escapeCell(record.id)} ${escapeCell(m.name)}: ${escapeCell(w)}`
      )
    )
  ).concat(
    artifact.comparisons.flatMap((cmp) =>
      cmp.warnings.map((w) =>
        `- ${escapeCell(cmp.candidate)} vs ${escapeCell(cmp.base)}: ${
          escapeCell(w)
        }`
      )
    ),
  );
  if (warnings.length > 0) {
    out.push(
      "",
      "<details><summary>warnings</summary>",
      "",
      ...warnings,
      "",
      "</details>",
    );
  }
  const s = artifact.summary;
  out.push("", `${s.cases} cases: ${s.passed} passed, ${s.failed} failed.`, "");
  return out.join("\n");
}

/**
 * A revs artifact's opening: the summary line (bold), both revisions and
 * the cases on one side only, each on a line of its own; nothing for a run.
 */
function revsLines(artifact: Artifact): string[] {
  const revs = summarizeRevs(artifact);
  if (revs === null) return [];
  const sides = [
    oneSideText("added", artifact.added),
    oneSideText("removed", artifact.removed),
  ].filter((x) => x !== null);
  return [
    `**${escapeCell(revs.line)}**`,
    "",
    // One paragraph, a line each: two spaces end a line inside it.
    [...revs.revisions, ...sides].map(escapeCell).join("  \n"),
    "",
  ];
}

/**
 * What was found, first: the comparisons' tally, each comparison on one
 * line (slower first), and the cases whose forks were not steady or were
 * disturbed. Nothing when there is nothing to say.
 */
function summaryLines(artifact: Artifact): string[] {
  const { comparisons, tally, unsettled } = summarizeRun(artifact);
  if (tally === null && unsettled.length === 0) return [];
  const out = ["", "### summary"];
  if (tally !== null) {
    out.push("", `${tally}.`, "");
    for (const c of comparisons) {
      out.push(
        `- ${MARKERS[c.verdict]} ${verdictWord(c.verdict, c.unit)} · ` +
          `${escapeCell(comparisonTitle(c, artifact.cases))}` +
          `${c.source === "baseline" ? " (baseline)" : ""} · ` +
          `${escapeCell(c.metric)} · ${escapeCell(formatChange(c, ", "))}`,
      );
    }
  }
  if (unsettled.length > 0) {
    out.push("", "Forks not steady or disturbed:", "");
    for (const u of unsettled) {
      out.push(`- ${escapeCell(u.id)}: ${unsettledPhrase(u)}`);
    }
  }
  return out;
}

function caseRows(record: CaseRecord): string[] {
  if (record.status === "failed") {
    const f = record.failure;
    return [
      `| ${escapeCell(record.id)} | — | ❌ failed (${
        escapeCell(f?.kind ?? "?")
      }): ${escapeCell(f?.message ?? "")} | | | |`,
    ];
  }
  return record.metrics.map((m) => {
    const a = m.analysis;
    if (!a) {
      return `| ${escapeCell(record.id)} | ${
        escapeCell(m.name)
      } | no samples | | | |`;
    }
    const modality = modalityPhrase(a.modality, m.unit) ?? "—";
    // The unit is the metric's own text: escaped with the value it follows.
    const value = (x: number) => escapeCell(formatValue(x, m.unit));
    return `| ${escapeCell(record.id)} | ${escapeCell(m.name)} | ` +
      `${value(a.centre.point)} [${value(a.centre.lower)}, ` +
      `${value(a.centre.upper)}] | ${value(a.summary.p99)} | ` +
      `${outlierShare(a.outliers, a.summary.n)} | ` +
      `${escapeCell(modality)} |`;
  });
}
